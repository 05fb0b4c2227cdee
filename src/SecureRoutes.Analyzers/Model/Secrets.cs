using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureRoutes.Analyzers.Infrastructure;

namespace SecureRoutes.Analyzers.Model;

/// <summary>A secret value found inside an expression.</summary>
public sealed class SecretFinding
{
    internal SecretFinding(IOperation anchor, IOperation source, string kind, SecretShape? shape)
    {
        Anchor = anchor;
        Source = source;
        Kind = kind;
        Shape = shape;
    }

    /// <summary>Where to point: the node inside the examined expression (a local reference when the secret reached it through a local).</summary>
    public IOperation Anchor { get; }

    /// <summary>The node that is the secret (may be in another statement when it arrived through a local).</summary>
    public IOperation Source { get; }

    /// <summary>Human description, e.g. "Invite token", "Authorization header", "Secret member 'Token' of".</summary>
    public string Kind { get; }

    /// <summary>Set when the value itself is not a secret, but rendering it prints one (record ToString, destructuring).</summary>
    public SecretShape? Shape { get; }
}

/// <summary>A type whose rendering prints a secret member.</summary>
public sealed class SecretShape
{
    internal SecretShape(INamedTypeSymbol type, Rendering rendering, ImmutableArray<ISymbol> members, string path)
    {
        Type = type;
        Rendering = rendering;
        Members = members;
        Path = path;
    }

    public INamedTypeSymbol Type { get; }
    public Rendering Rendering { get; }

    /// <summary>Every direct member of <see cref="Type"/> whose rendering prints a secret.</summary>
    public ImmutableArray<ISymbol> Members { get; }

    /// <summary>Display path of the first such member, e.g. "Token" or "Reset.Token".</summary>
    public string Path { get; }

    /// <summary>True when the printing comes from the compiler-generated record PrintMembers (a fixer can override it).</summary>
    public bool IsGeneratedRecordPrint { get; internal set; }
}

/// <summary>
/// What a secret is, for every rule that asks: by type ([Secret], data classification, SecureString, NetworkCredential,
/// SecurityToken, <c>secure_routes.secret_types</c>), by attribute on the symbol, by name (text-typed symbols only),
/// by flow inside a method (see <see cref="ValueFlow"/>), and by shape (ToString / destructuring prints a secret member).
/// Thread-safe; one per compilation, held by <see cref="SecureRoutesModel"/>.
/// </summary>
public sealed class Secrets
{
    private static readonly ImmutableHashSet<string> SecretWords = ImmutableHashSet.Create(
        "password", "passwords", "passwd", "pwd", "passphrase", "secret", "secrets", "token", "tokens",
        "apikey", "apikeys", "privatekey", "clientsecret", "connectionstring", "connectionstrings",
        "otp", "totp", "otpcode", "mfacode", "twofactorcode", "verificationcode", "resetcode", "recoverycode",
        "authorizationcode", "authcode", "cookie", "cookies", "authorization", "credential", "credentials",
        "signingkey", "secretkey", "accesskey", "encryptionkey", "masterkey", "jwtkey", "sessionkey");

    /// <summary>Words that may follow a secret word and keep it a secret: <c>tokenValue</c>, <c>passwordPlain</c>, <c>authorizationHeader</c>.</summary>
    private static readonly ImmutableHashSet<string> Continuations = ImmutableHashSet.Create(
        "value", "values", "text", "raw", "plain", "plaintext", "cleartext", "str", "string", "bytes", "b64", "base64",
        "hex", "header", "encoded", "key", "data", "chars", "span", "input", "new", "confirm", "confirmation");

    /// <summary>Words that say the value was made safe: <c>passwordHash</c> fails the continuation test, <c>hashedPassword</c> this one.</summary>
    private static readonly ImmutableHashSet<string> Negations = ImmutableHashSet.Create(
        "hash", "hashed", "hashes", "encrypted", "masked", "redacted", "fingerprint", "sanitized", "obfuscated", "protected",
        "salted", "digest", "truncated");

    private static readonly ImmutableHashSet<string> GeneratorVerbs = ImmutableHashSet.Create(
        "generate", "create", "new", "issue", "make", "build", "mint");

    private readonly Compilation _compilation;
    private readonly KnownTypes _types;
    private readonly AnalyzerOptions _options;
    private readonly ConcurrentDictionary<SyntaxTree, Settings> _settingsByTree = new();
    private readonly ConcurrentDictionary<string, Settings> _settingsByText = new();

    private readonly SecureRoutesModel _model;

    internal Secrets(SecureRoutesModel model)
    {
        _model = model;
        _compilation = model.Compilation;
        _types = model.Types;
        _options = model.Options;
        Flow = new ValueFlow();
    }

    public ValueFlow Flow { get; }

    /// <summary>Option-dependent settings and caches; one instance per distinct option text.</summary>
    internal sealed class Settings
    {
        public ImmutableHashSet<string> ExtraWords = ImmutableHashSet<string>.Empty;
        public ImmutableHashSet<string> NotSecretNames = ImmutableHashSet<string>.Empty;
        public ImmutableHashSet<string> SecretTypes = ImmutableHashSet<string>.Empty;
        // Keyed by depth too: a shape computed deeper sees fewer nested levels, and must not answer a shallower question.
        public readonly ConcurrentDictionary<(ITypeSymbol Type, int Depth), Box> TextShapes = new(TypeAtDepth.Comparer);
        public readonly ConcurrentDictionary<(ITypeSymbol Type, int Depth), Box> MemberShapes = new(TypeAtDepth.Comparer);
        public readonly ConcurrentDictionary<ISymbol, string> Symbols = new(SymbolEqualityComparer.Default);
    }

    private sealed class TypeAtDepth : IEqualityComparer<(ITypeSymbol Type, int Depth)>
    {
        public static readonly TypeAtDepth Comparer = new();

        public bool Equals((ITypeSymbol Type, int Depth) x, (ITypeSymbol Type, int Depth) y) =>
            x.Depth == y.Depth && SymbolEqualityComparer.Default.Equals(x.Type, y.Type);

        public int GetHashCode((ITypeSymbol Type, int Depth) key) => SymbolEqualityComparer.Default.GetHashCode(key.Type) * 31 + key.Depth;
    }

    internal sealed class Box
    {
        public Box(SecretShape? value) => Value = value;
        public SecretShape? Value { get; }
    }

    internal Settings SettingsFor(SyntaxTree tree) => _settingsByTree.GetOrAdd(tree, t =>
    {
        var words = _options.Get(t, OptionKeys.SecretNames);
        var notNames = _options.Get(t, OptionKeys.NotSecretNames);
        var secretTypes = _options.Get(t, OptionKeys.SecretTypes);
        var text = string.Join(",", words) + "|" + string.Join(",", notNames) + "|" + string.Join(",", secretTypes);
        return _settingsByText.GetOrAdd(text, _ => new Settings
        {
            ExtraWords = words.Select(w => string.Concat(Names.Words(w))).Where(w => w.Length > 0).ToImmutableHashSet(),
            NotSecretNames = notNames.Select(n => n.ToLowerInvariant()).ToImmutableHashSet(),
            SecretTypes = secretTypes.Select(n => n.StartsWith("global::", StringComparison.Ordinal) ? n.Substring(8) : n).ToImmutableHashSet(),
        });
    });

    // ---------------------------------------------------------------- names

    /// <summary>
    /// "Invite token" when <paramref name="name"/> names a secret (<c>InviteToken</c>, <c>api_key</c>, <c>newPassword</c>),
    /// null for <c>TokenCount</c>, <c>passwordPolicy</c>, <c>tokenizer</c>, <c>hashedPassword</c> and names excluded by options.
    /// The caller checks that the value is text.
    /// </summary>
    public string? SecretName(string name, SyntaxTree tree)
    {
        var settings = SettingsFor(tree);
        if (settings.NotSecretNames.Contains(name.ToLowerInvariant())) return null;
        return SecretName(name, settings);
    }

    private static string? SecretName(string name, Settings settings)
    {
        var words = Names.Words(name);
        if (words.Count == 0) return null;
        var lastMatchEnd = -1;
        for (var i = 0; i < words.Count; i++)
        {
            var joined = "";
            for (var length = 1; length <= 3 && i + length <= words.Count; length++)
            {
                joined += words[i + length - 1];
                if (SecretWords.Contains(joined) || settings.ExtraWords.Contains(joined))
                    lastMatchEnd = Math.Max(lastMatchEnd, i + length - 1);
            }
        }
        if (lastMatchEnd < 0) return null;
        for (var i = lastMatchEnd + 1; i < words.Count; i++)
        {
            if (!Continuations.Contains(words[i]) && !words[i].All(char.IsDigit)) return null;
        }
        foreach (var word in words)
        {
            if (Negations.Contains(word)) return null;
        }
        return Humanize(words);
    }

    private static string Humanize(IReadOnlyList<string> words)
    {
        var text = string.Join(" ", words);
        return text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text.Substring(1);
    }

    /// <summary>string, char[], byte[], ReadOnlySpan/Memory&lt;char&gt;, StringValues: the types a name can make secret.</summary>
    public bool IsText(ITypeSymbol? type)
    {
        if (type is null) return false;
        if (type.SpecialType == SpecialType.System_String) return true;
        if (type is IArrayTypeSymbol { Rank: 1 } array)
            return array.ElementType.SpecialType is SpecialType.System_Char or SpecialType.System_Byte;
        if (type is INamedTypeSymbol { IsGenericType: true } generic &&
            (generic.OriginalDefinition.IsType(_types.ReadOnlySpanOfT) || generic.OriginalDefinition.IsType(_types.ReadOnlyMemoryOfT)))
            return generic.TypeArguments[0].SpecialType == SpecialType.System_Char;
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
            return IsText(nullable.TypeArguments[0]);
        return type.IsType(_types.StringValues);
    }

    // ---------------------------------------------------------------- symbols and types

    /// <summary>Why a declared symbol (parameter, local, field, property) holds a secret, or null.</summary>
    public string? ClassifySymbol(ISymbol symbol, SyntaxTree tree) => ClassifySymbol(symbol, SettingsFor(tree));

    /// <summary>Cached per symbol: every reference to a local, parameter or member asks again.</summary>
    private string? ClassifySymbol(ISymbol symbol, Settings settings)
    {
        var kind = settings.Symbols.GetOrAdd(symbol, s => ComputeSymbolKind(s, settings) ?? "");
        return kind.Length == 0 ? null : kind;
    }

    private string? ComputeSymbolKind(ISymbol symbol, Settings settings)
    {
        if (symbol is IFieldSymbol { IsConst: true }) return null;
        if (HasSecretAttribute(symbol)) return "Secret";
        if (_types.DataClassificationAttribute is { } classification && HasAttributeDerivedFrom(symbol, classification)) return "Classified value";
        if (symbol is IPropertySymbol property && property.ContainingType.IsRecord)
        {
            // record R([Secret] string Token): the attribute sits on the primary-constructor parameter
            foreach (var ctor in property.ContainingType.InstanceConstructors)
            foreach (var parameter in ctor.Parameters)
            {
                if (parameter.Name == property.Name && HasSecretAttribute(parameter)) return "Secret";
            }
        }
        var type = symbol switch
        {
            IParameterSymbol p => p.Type,
            ILocalSymbol l => l.Type,
            IFieldSymbol f => f.Type,
            IPropertySymbol p => p.Type,
            IMethodSymbol m => m.ReturnType.UnwrapTask(),
            _ => null,
        };
        if (type is null || type.TypeKind == TypeKind.Error) return null;
        if (IsText(type) && !settings.NotSecretNames.Contains(symbol.Name.ToLowerInvariant()))
        {
            var name = SecretName(symbol.Name, settings);
            if (name is not null) return symbol is IPropertySymbol or IFieldSymbol ? WithOwner(name, symbol) : name;
        }
        return null;
    }

    private static readonly ImmutableHashSet<string> OwnerSuffixes = ImmutableHashSet.Create(
        "request", "response", "dto", "model", "command", "query", "entity", "options", "settings", "record", "input",
        "view", "vm", "data", "info", "args", "message", "payload", "body", "form");

    /// <summary>"Token" on type Invite reads "Invite token"; on ResetPasswordRequest "Reset password token".</summary>
    private static string WithOwner(string name, ISymbol member)
    {
        if (name.IndexOf(' ') >= 0 || member.ContainingType is null || member.ContainingType.IsAnonymousType) return name;
        var owner = Names.Words(member.ContainingType.Name);
        while (owner.Count > 0 && OwnerSuffixes.Contains(owner[owner.Count - 1])) owner.RemoveAt(owner.Count - 1);
        if (owner.Count == 0 || owner.Count > 3 || owner[owner.Count - 1] == name.ToLowerInvariant()) return name;
        owner.Add(name.ToLowerInvariant());
        return Humanize(owner);
    }

    private static bool HasSecretAttribute(ISymbol symbol) => symbol.HasAttributeNamed("Secret");

    private static bool HasAttributeDerivedFrom(ISymbol symbol, INamedTypeSymbol attribute)
    {
        foreach (var a in symbol.GetAttributes())
        {
            if (a.AttributeClass.InheritsFromOrEquals(attribute)) return true;
        }
        return false;
    }

    /// <summary>"SecureString secret" when every value of the type is a secret, or null.</summary>
    public string? ClassifyType(ITypeSymbol? type, SyntaxTree tree) => ClassifyType(type, SettingsFor(tree));

    private string? ClassifyType(ITypeSymbol? type, Settings settings)
    {
        if (type is null || type.TypeKind == TypeKind.Error || type.SpecialType != SpecialType.None) return null;
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable) type = nullable.TypeArguments[0];
        for (var t = type; t is not null && t.SpecialType != SpecialType.System_Object; t = t.BaseType)
        {
            if (HasSecretAttribute(t)) return type.Name + " secret";
            if (settings.SecretTypes.Count > 0 && settings.SecretTypes.Contains(t.OriginalDefinition.ToDisplayString()))
                return type.Name + " secret";
        }
        if (type.InheritsFromOrEquals(_types.SecureString) || type.InheritsFromOrEquals(_types.NetworkCredential)
            || type.InheritsFromOrEquals(_types.SecurityToken))
            return type.Name + " secret";
        return null;
    }

    /// <summary>Why the member (or, for members of any type, its type) holds a secret.</summary>
    private string? ClassifyMember(ISymbol member, ITypeSymbol type, Settings settings) =>
        ClassifySymbol(member, settings) ?? ClassifyType(type, settings);

    // ---------------------------------------------------------------- values

    /// <summary>Why the value of this single node (no descent) is a secret, or null.</summary>
    public string? ClassifyValue(IOperation op) => ClassifyValue(op, SettingsFor(op.Syntax.SyntaxTree));

    private string? ClassifyValue(IOperation op, Settings settings)
    {
        if (op.ConstantValue.HasValue || op.Type.IsErrorOrNull() && op is not IAwaitOperation) return null;
        string? kind = op switch
        {
            IParameterReferenceOperation p => ClassifySymbol(p.Parameter, settings),
            ILocalReferenceOperation l => ClassifySymbol(l.Local, settings),
            IFieldReferenceOperation f => ClassifySymbol(f.Field, settings),
            IPropertyReferenceOperation { Property.IsIndexer: true } indexer => ClassifyIndexer(indexer, settings),
            IPropertyReferenceOperation property => ClassifyProperty(property, settings),
            IInvocationOperation invocation => ClassifyInvocation(invocation, settings),
            IAwaitOperation awaited => ClassifyAwaited(awaited.Operation),
            _ => null,
        };
        if (kind is not null) return kind;
        if (op is ILiteralOperation or IDefaultValueOperation) return null;
        return ClassifyType(op.Type, settings);
    }

    private string? ClassifyAwaited(IOperation awaited)
    {
        while (awaited is IConversionOperation c) awaited = c.Operand;
        return awaited is IInvocationOperation invocation && IsGetTokenAsync(invocation.TargetMethod) ? "Authentication token" : null;
    }

    private bool IsGetTokenAsync(IMethodSymbol method) =>
        method.Name == "GetTokenAsync" && (method.ContainingType.IsType(_types.AuthenticationTokenExtensions) ||
                                           method.ContainingNamespace?.ToDisplayString() == "Microsoft.AspNetCore.Authentication");

    private string? ClassifyProperty(IPropertyReferenceOperation reference, Settings settings)
    {
        var property = reference.Property;
        var owner = property.ContainingType;
        if (owner.Implements(_types.IHeaderDictionary))
        {
            var header = HeaderKind(property.Name);
            if (header is not null) return header;
        }
        if (owner.InheritsFromOrEquals(_types.SecurityToken) && IsText(property.Type) &&
            (property.Name.StartsWith("Raw", StringComparison.Ordinal) || property.Name == "EncodedToken"))
            return "Raw token";
        if (property.Name == "Value" && IsText(property.Type) && reference.Instance is IInvocationOperation { TargetMethod.Name: "GetSection" } section &&
            section.TargetMethod.ContainingType.Implements(_types.IConfiguration))
            return ConfigurationKind(section.Arguments.FirstOrDefault()?.Value);
        return ClassifySymbol(property, settings);
    }

    private static string? HeaderKind(string header)
    {
        switch (header.ToLowerInvariant())
        {
            case "authorization":
            case "proxyauthorization":
            case "proxy-authorization":
                return "Authorization header";
            case "cookie":
            case "setcookie":
            case "set-cookie":
                return "Cookie header";
        }
        var words = Names.Words(header);
        var joined = string.Concat(words);
        return joined.Contains("apikey") || joined.Contains("token") || joined.Contains("secret") || joined.Contains("password")
            ? "Secret header"
            : null;
    }

    private string? ClassifyIndexer(IPropertyReferenceOperation indexer, Settings settings)
    {
        if (indexer.Arguments.Length != 1) return null;
        var owner = indexer.Property.ContainingType;
        var key = indexer.Arguments[0].Value;
        if (owner.Implements(_types.IHeaderDictionary) || indexer.Instance?.Type.Implements(_types.IHeaderDictionary) == true)
            return key.ConstantValue is { HasValue: true, Value: string name } ? HeaderKind(name) : null;
        if (owner.Implements(_types.IRequestCookieCollection) || indexer.Instance?.Type.Implements(_types.IRequestCookieCollection) == true)
            return "Cookie";
        if (owner.Implements(_types.IConfiguration) || indexer.Instance?.Type.Implements(_types.IConfiguration) == true)
            return ConfigurationKind(key);
        return null;
    }

    private string? ConfigurationKind(IOperation? key)
    {
        if (key?.ConstantValue is not { HasValue: true, Value: string path }) return null;
        if (path.StartsWith("ConnectionStrings:", StringComparison.OrdinalIgnoreCase)) return "Connection string";
        var segments = path.Split(':');
        var last = segments[segments.Length - 1];
        var settings = SettingsFor(key.Syntax.SyntaxTree);
        if (SecretName(last, settings) is not null) return "Configuration secret";
        // "Jwt:Key", "Jwt:SigningKey": a key under a section named for a signing or encryption scheme
        if (segments.Length > 1 && Names.LastWord(last) == "key" &&
            SecretName(segments[segments.Length - 2] + last, settings) is not null)
            return "Configuration secret";
        return null;
    }

    private string? ClassifyInvocation(IInvocationOperation invocation, Settings settings)
    {
        var method = invocation.TargetMethod;
        if (IsGetTokenAsync(method)) return null; // the Task is not the token; its awaited value is
        if (method.Name == "GetConnectionString" && method.ContainingType.IsType(_types.ConfigurationExtensions)) return "Connection string";
        if (method.Name == "GetValue" && method.ContainingType.IsType(_types.ConfigurationBinder) && invocation.Arguments.Length >= 2)
            return ConfigurationKind(invocation.Arguments[1].Value);
        foreach (var a in method.GetReturnTypeAttributes())
        {
            for (var c = a.AttributeClass; c is not null; c = c.BaseType)
            {
                if (c.Name is "Secret" or "SecretAttribute") return "Secret";
            }
        }
        var returnType = method.ReturnType.UnwrapTask();
        if (!IsText(returnType)) return null;
        var words = Names.Words(method.Name);
        if (words.Count > 1 && words[words.Count - 1] == "async") words.RemoveAt(words.Count - 1);
        if (words.Count < 2 || !GeneratorVerbs.Contains(words[0])) return null;
        var rest = string.Join("_", words.Skip(1));
        var secret = SecretName(rest, settings);
        return secret is null ? null : "Generated " + secret.ToLowerInvariant();
    }

    // ---------------------------------------------------------------- what a rendered value prints

    /// <summary>
    /// Every secret that rendering <paramref name="value"/> prints: the value itself, secrets it is built from
    /// (interpolation, concatenation, locals, transforms), and secret members its ToString or destructuring prints.
    /// One finding per anchor.
    /// </summary>
    public ImmutableArray<SecretFinding> FindRendered(IOperation value, Rendering rendering)
    {
        var settings = SettingsFor(value.Syntax.SyntaxTree);
        var findings = ImmutableArray.CreateBuilder<SecretFinding>();
        var anchors = new HashSet<IOperation>();
        Flow.Walk(value, rendering, (node, anchor, mode) =>
        {
            var at = anchor ?? node;
            if (anchors.Contains(at)) return true;
            var kind = ClassifyValue(node, settings);
            if (kind is not null)
            {
                anchors.Add(at);
                findings.Add(new SecretFinding(at, node, kind, null));
                return true;
            }
            if (node is IObjectCreationOperation { Initializer: not null } or IAnonymousObjectCreationOperation or ITupleOperation
                or IArrayCreationOperation or IInterpolatedStringOperation or IBinaryOperation)
                return false; // structural: the walker looks inside
            var shape = ShapeOf(node.Type, mode, settings);
            if (shape is not null && node is not IInvocationOperation { TargetMethod.Name: "ToString" })
            {
                anchors.Add(at);
                findings.Add(new SecretFinding(at, node, "Secret member '" + shape.Path + "' of", shape));
                return true;
            }
            return false;
        });
        return findings.ToImmutable();
    }

    /// <summary>The shape through which rendering a value of <paramref name="type"/> prints a secret, or null.</summary>
    public SecretShape? ShapeOf(ITypeSymbol? type, Rendering rendering, SyntaxTree tree) => ShapeOf(type, rendering, SettingsFor(tree));

    private SecretShape? ShapeOf(ITypeSymbol? type, Rendering rendering, Settings settings) =>
        rendering == Rendering.Members ? MemberShape(type, settings, 0) : TextShape(type, settings, 0);

    private static bool IsOpaque(ITypeSymbol type) =>
        type.SpecialType != SpecialType.None || type.TypeKind is TypeKind.Enum or TypeKind.Error or TypeKind.TypeParameter or TypeKind.Delegate
        || type is not INamedTypeSymbol
        || (!((INamedTypeSymbol)type).IsAnonymousType && type.IsFrameworkNamespace());

    /// <summary>ToString() prints a secret: records (generated PrintMembers), anonymous types, and source ToString/PrintMembers bodies that read a secret member.</summary>
    private SecretShape? TextShape(ITypeSymbol? type, Settings settings, int depth)
    {
        if (type is null || depth > 2 || IsOpaque(type)) return null;
        var named = (INamedTypeSymbol)type;
        return settings.TextShapes.GetOrAdd((named, depth), key => new Box(ComputeTextShape((INamedTypeSymbol)key.Type, settings, key.Depth))).Value;
    }

    private SecretShape? ComputeTextShape(INamedTypeSymbol type, Settings settings, int depth)
    {
        var userToString = FindUserMethod(type, "ToString", record: type.IsRecord);
        if (userToString is not null) return BodyShape(type, userToString, settings, SecretName(type.Name, settings) is not null);
        if (type.IsRecord)
        {
            var userPrint = FindUserMethod(type, "PrintMembers", record: true);
            if (userPrint is not null) return BodyShape(type, userPrint, settings, SecretName(type.Name, settings) is not null);
            var shape = PrintedMembersShape(type, settings, depth, Rendering.Text, SecretName(type.Name, settings) is not null);
            if (shape is not null) shape.IsGeneratedRecordPrint = true;
            return shape;
        }
        if (type.IsAnonymousType) return PrintedMembersShape(type, settings, depth, Rendering.Text);
        return null;
    }

    /// <summary>The nearest ToString/PrintMembers declared in source on the type or its bases (records: the type only, bases print themselves).</summary>
    private static IMethodSymbol? FindUserMethod(INamedTypeSymbol type, string name, bool record)
    {
        for (var t = type; t is not null && t.SpecialType != SpecialType.System_Object && t.SpecialType != SpecialType.System_ValueType; t = t.BaseType)
        {
            foreach (var member in t.GetMembers(name))
            {
                if (member is IMethodSymbol { IsImplicitlyDeclared: false, IsStatic: false } m &&
                    (name == "PrintMembers" ? m.Parameters.Length == 1 : m.Parameters.Length == 0))
                    return m;
            }
            if (record) break;
        }
        return null;
    }

    private SecretShape? PrintedMembersShape(INamedTypeSymbol type, Settings settings, int depth, Rendering rendering, bool secretNamedType = false)
    {
        var members = ImmutableArray.CreateBuilder<ISymbol>();
        string? path = null;
        foreach (var (member, memberType) in PrintableMembers(type, includeFields: rendering == Rendering.Text))
        {
            string? memberPath = null;
            if (ClassifyMember(member, memberType, settings) is not null || secretNamedType && IsText(memberType))
            {
                memberPath = member.Name;
            }
            else
            {
                var nestedType = rendering == Rendering.Members ? memberType.ElementTypeOrSelf() : memberType;
                var nested = rendering == Rendering.Members ? MemberShape(nestedType, settings, depth + 1) : TextShape(nestedType, settings, depth + 1);
                if (nested is not null) memberPath = member.Name + "." + nested.Path;
            }
            if (memberPath is null) continue;
            members.Add(member);
            path ??= memberPath;
        }
        return path is null ? null : new SecretShape(type, rendering, members.ToImmutable(), path);
    }

    /// <summary>Public instance readable properties (and, for ToString of records, public fields), own and inherited.</summary>
    public static IEnumerable<(ISymbol Member, ITypeSymbol Type)> PrintableMembers(INamedTypeSymbol type, bool includeFields)
    {
        var seen = new HashSet<string>();
        for (var t = type; t is not null && t.SpecialType != SpecialType.System_Object && t.SpecialType != SpecialType.System_ValueType; t = t.BaseType)
        {
            foreach (var member in t.GetMembers())
            {
                if (member.IsStatic || member.DeclaredAccessibility != Accessibility.Public || !seen.Add(member.Name)) continue;
                if (member is IPropertySymbol { IsIndexer: false, GetMethod: not null } property && property.Name != "EqualityContract")
                    yield return (property, property.Type);
                else if (includeFields && member is IFieldSymbol { IsImplicitlyDeclared: false, IsConst: false } field)
                    yield return (field, field.Type);
            }
        }
    }

    /// <summary>Destructuring (<c>{@x}</c>, <c>destructureObjects: true</c>) prints public properties, recursively.</summary>
    private SecretShape? MemberShape(ITypeSymbol? type, Settings settings, int depth)
    {
        if (type is null || depth > 2) return null;
        type = type.ElementTypeOrSelf();
        if (IsOpaque(type)) return null;
        var named = (INamedTypeSymbol)type;
        return settings.MemberShapes.GetOrAdd((named, depth), key => new Box(PrintedMembersShape((INamedTypeSymbol)key.Type, settings, key.Depth, Rendering.Members))).Value;
    }

    /// <summary>A ToString/PrintMembers body in source that reads a secret member of this instance.</summary>
    /// <remarks>When the type itself is named like a secret (<c>Token</c>, <c>ApiKey</c>), any text member it prints is the secret.</remarks>
    private SecretShape? BodyShape(INamedTypeSymbol type, IMethodSymbol method, Settings settings, bool secretNamedType)
    {
        var members = ImmutableArray.CreateBuilder<ISymbol>();
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            var syntax = reference.GetSyntax();
            if (!_compilation.ContainsSyntaxTree(syntax.SyntaxTree)) continue;
            var model = _model.GetSemanticModel(syntax.SyntaxTree);
            var body = model.GetOperation(syntax);
            if (body is null) continue;
            foreach (var node in body.Descendants())
            {
                ISymbol? member = node switch
                {
                    IPropertyReferenceOperation { Instance: IInstanceReferenceOperation } p => p.Property,
                    IFieldReferenceOperation { Instance: IInstanceReferenceOperation } f => f.Field,
                    _ => null,
                };
                if (member is null || members.Contains(member, SymbolEqualityComparer.Default)) continue;
                var memberType = member is IPropertySymbol ps ? ps.Type : ((IFieldSymbol)member).Type;
                if (ClassifyMember(member, memberType, settings) is not null || secretNamedType && IsText(memberType)) members.Add(member);
            }
        }
        return members.Count == 0 ? null : new SecretShape(type, Rendering.Text, members.ToImmutable(), members[0].Name);
    }
}
