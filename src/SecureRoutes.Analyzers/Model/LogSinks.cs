using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureRoutes.Analyzers.Infrastructure;

namespace SecureRoutes.Analyzers.Model;

/// <summary>One value a sink writes.</summary>
public sealed class LoggedValue
{
    internal LoggedValue(IOperation value, Rendering rendering, int placeholderIndex, IParameterSymbol? forwardedParameter)
    {
        Value = value;
        Rendering = rendering;
        PlaceholderIndex = placeholderIndex;
        ForwardedParameter = forwardedParameter;
    }

    public IOperation Value { get; }
    public Rendering Rendering { get; }

    /// <summary>Index of the message-template placeholder this value fills, or -1 for a value without a placeholder.</summary>
    public int PlaceholderIndex { get; }

    /// <summary>For a call to a wrapper: the wrapper's parameter that receives the value.</summary>
    public IParameterSymbol? ForwardedParameter { get; }
}

/// <summary>A call that writes to a log, trace, console or exception message.</summary>
public sealed class SinkCall
{
    internal SinkCall(string name, IOperation operation, IOperation? template, ImmutableArray<string> placeholders, ImmutableArray<LoggedValue> values, IMethodSymbol? wrapper)
    {
        Name = name;
        Operation = operation;
        Template = template;
        Placeholders = placeholders;
        Values = values;
        Wrapper = wrapper;
    }

    /// <summary>Display name for messages: <c>LogInformation</c>, <c>WriteLine</c>, <c>new InvalidOperationException</c>, <c>AuditLog.Write</c>.</summary>
    public string Name { get; }
    public IOperation Operation { get; }

    /// <summary>The message / message template / format argument, when the sink has one.</summary>
    public IOperation? Template { get; }

    /// <summary>Placeholders of a constant template, in order (<c>@Dto</c> keeps its prefix); empty when not constant.</summary>
    public ImmutableArray<string> Placeholders { get; }

    public ImmutableArray<LoggedValue> Values { get; }

    /// <summary>Set when the call is to a method in the same compilation that forwards a parameter to a sink.</summary>
    public IMethodSymbol? Wrapper { get; }
}

/// <summary>
/// What writes to a log, a trace or the console: Microsoft.Extensions.Logging (Log* extensions, ILogger.Log, BeginScope,
/// LoggerMessage.Define delegates, [LoggerMessage] methods), Serilog (Log, ILogger, ForContext, LogContext.PushProperty),
/// NLog, log4net, Console (and Console.Out/Error), Debug, Trace, TraceSource, Activity tags and baggage, exception
/// messages, and methods in the same compilation that forward a parameter to any of these (summarised once per method).
/// </summary>
public sealed class LogSinks
{
    private const int MaxWrapperDepth = 3;

    private static readonly ImmutableHashSet<string> SerilogMethods = ImmutableHashSet.Create(
        "Write", "Verbose", "Debug", "Information", "Warning", "Error", "Fatal", "ForContext");
    private static readonly ImmutableHashSet<string> NLogMethods = ImmutableHashSet.Create(
        "Trace", "Debug", "Info", "Warn", "Error", "Fatal", "Log", "ConditionalDebug", "ConditionalTrace");
    private static readonly ImmutableHashSet<string> Log4NetMethods = ImmutableHashSet.Create(
        "Debug", "Info", "Warn", "Error", "Fatal", "DebugFormat", "InfoFormat", "WarnFormat", "ErrorFormat", "FatalFormat");
    private static readonly ImmutableHashSet<string> ActivityMethods = ImmutableHashSet.Create(
        "SetTag", "AddTag", "AddBaggage", "SetBaggage");
    private static readonly ImmutableHashSet<string> TemplateParameterNames = ImmutableHashSet.Create(
        "message", "messageTemplate", "format", "messageFormat", "detailMessage");

    private readonly Compilation _compilation;
    private readonly KnownTypes _types;
    private readonly ValueFlow _flow;
    private readonly ConcurrentDictionary<IMethodSymbol, WrapperSummary> _wrappers = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, Family> _families = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, bool> _mayForward = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, ForwardFacts> _forwardFacts = new(SymbolEqualityComparer.Default);

    private readonly SecureRoutesModel _model;

    internal LogSinks(SecureRoutesModel model, ValueFlow flow)
    {
        _model = model;
        _compilation = model.Compilation;
        _types = model.Types;
        _flow = flow;
    }

    /// <summary>The sink this invocation is, directly or through a wrapper, or null.</summary>

    /// <summary><c>new XException(message)</c>: exception text ends up in logs.</summary>
    public SinkCall? Classify(IObjectCreationOperation creation)
    {
        if (creation.Constructor is not { } ctor || !ctor.ContainingType.InheritsFromOrEquals(_types.Exception)) return null;
        IOperation? template = null;
        foreach (var argument in creation.Arguments)
        {
            if (argument.Parameter is { Name: "message", Type.SpecialType: SpecialType.System_String })
                template = argument.Value;
        }
        return template is null
            ? null
            : new SinkCall("new " + ctor.ContainingType.Name, creation, template, Placeholders(template), ImmutableArray<LoggedValue>.Empty, null);
    }

    /// <summary>The sink this invocation is, directly or through a wrapper, or null.</summary>
    public SinkCall? Classify(IInvocationOperation invocation) => Classify(invocation, walk: null);

    private SinkCall? Classify(IInvocationOperation invocation, SummaryWalk? walk)
    {
        var method = invocation.TargetMethod;
        var family = FamilyOf(invocation);
        if (family != Family.None) return FromParameters(invocation, family);
        if (method.MethodKind == MethodKind.Ordinary && method.IsInSource())
        {
            // At a call site a callee is summarised only when the call passes something that may be a secret: binding
            // callees is the rule's main cost, and a wrapper that receives no secret reports nothing. Inside a summary
            // the parameters stand for any value, so there every callee is asked.
            if (walk is null && (!MayForward(method.OriginalDefinition) || !invocation.Arguments.Any(a => MayRenderSecret(a.Value)))) return null;
            var summary = Summarize(method.OriginalDefinition, walk);
            if (!summary.IsEmpty) return FromWrapper(invocation, summary);
        }
        return null;
    }

    private bool MayForward(IMethodSymbol method) =>
        _mayForward.GetOrAdd(method, m => MayForwardParameter(m, 1, new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default)));

    private bool MayRenderSecret(IOperation value) =>
        !_model.Secrets.FindRendered(value, Rendering.Text).IsEmpty || !_model.Secrets.FindRendered(value, Rendering.Members).IsEmpty;

    private enum Family
    {
        None,
        TemplateLogger,   // parameters by name: message/template, args/propertyValue*, other values
        ScopeState,       // ILogger.BeginScope<TState>(state): structured, so rendered by members
        ContextProperty,  // Serilog ForContext / LogContext.PushProperty(name, value, destructureObjects)
        DefineDelegate,   // LoggerMessage.Define delegate: Action<ILogger, T1.., Exception?>
        GeneratedLogger,  // [LoggerMessage] partial method
    }

    /// <summary>The sink family of a call: by its method (cached, it is asked for every call of the compilation), and for a TextWriter by its receiver.</summary>
    private Family FamilyOf(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        var family = _families.GetOrAdd(method, FamilyOf); // the constructed method: Action<ILogger, …>.Invoke differs from Action<T1, …>.Invoke
        if (family == Family.None && method.ContainingType is { } owner && owner.InheritsFromOrEquals(_types.TextWriter)
            && method.Name.StartsWith("Write", StringComparison.Ordinal) && IsConsoleWriter(invocation.Instance))
        {
            return Family.TemplateLogger;
        }
        return family;
    }

    private Family FamilyOf(IMethodSymbol method)
    {
        var owner = method.ContainingType;
        if (owner is null) return Family.None;
        if (owner.IsType(_types.MelLoggerExtensions))
            return method.Name.StartsWith("Log", StringComparison.Ordinal) || method.Name == "BeginScope" ? Family.TemplateLogger : Family.None;
        if (_types.MelILogger is not null && owner.Implements(_types.MelILogger))
            return method.Name == "BeginScope" ? Family.ScopeState : method.Name == "Log" ? Family.TemplateLogger : Family.None;
        if (_types.SerilogILogger is not null && (owner.Implements(_types.SerilogILogger) || owner.IsType(_types.SerilogLog)) && SerilogMethods.Contains(method.Name))
            return method.Name == "ForContext" ? Family.ContextProperty : Family.TemplateLogger;
        if (owner.IsType(_types.SerilogLogContext) && method.Name == "PushProperty") return Family.ContextProperty;
        if ((owner.Implements(_types.NLogILoggerBase) || owner.InheritsFromOrEquals(_types.NLogLogger)) && NLogMethods.Contains(method.Name))
            return Family.TemplateLogger;
        if (owner.Implements(_types.Log4NetILog) && Log4NetMethods.Contains(method.Name)) return Family.TemplateLogger;
        if (owner.IsType(_types.Console) && method.Name.StartsWith("Write", StringComparison.Ordinal)) return Family.TemplateLogger;
        if (owner.IsType(_types.Debug) || owner.IsType(_types.Trace) || owner.InheritsFromOrEquals(_types.TraceSource))
            return method.Name is "Write" or "WriteLine" or "WriteIf" or "WriteLineIf" or "Print" or "Assert" or "Fail"
                or "TraceInformation" or "TraceWarning" or "TraceError" or "TraceEvent" or "TraceData"
                ? Family.TemplateLogger : Family.None;
        if (owner.InheritsFromOrEquals(_types.Activity) && ActivityMethods.Contains(method.Name)) return Family.TemplateLogger;
        if (method.Name == "Invoke" && owner.TypeKind == TypeKind.Delegate && owner.Name == "Action" &&
            owner.TypeArguments.Length > 0 && owner.TypeArguments[0].IsType(_types.MelILogger))
            return Family.DefineDelegate;
        if (_types.MelLoggerMessageAttribute is not null && method.HasAttribute(_types.MelLoggerMessageAttribute)) return Family.GeneratedLogger;
        return Family.None;
    }

    private bool IsConsoleWriter(IOperation? instance)
    {
        while (instance is IConversionOperation c) instance = c.Operand;
        return instance is IPropertyReferenceOperation { Property.Name: "Out" or "Error" } property && property.Property.ContainingType.IsType(_types.Console);
    }

    /// <summary>Parameters a sink ignores: exceptions, levels, event ids, flags, format providers, formatters, loggers.</summary>
    private bool IsIgnoredParameter(IParameterSymbol parameter)
    {
        var type = parameter.Type;
        if (type.TypeKind is TypeKind.Enum or TypeKind.Delegate || type.IsValueType && type.Name is "EventId" or "Boolean") return true;
        if (type.SpecialType is >= SpecialType.System_Boolean and <= SpecialType.System_Double) return true;
        if (type.InheritsFromOrEquals(_types.Exception) || type.Name is "IFormatProvider" || type.IsType(_types.MelILogger) || type.Implements(_types.MelILogger)) return true;
        return parameter.Name is "key" or "category" or "propertyName" or "eventId" or "id";
    }

    private SinkCall FromParameters(IInvocationOperation invocation, Family family)
    {
        var method = invocation.TargetMethod;
        IOperation? template = null;
        var values = ImmutableArray.CreateBuilder<LoggedValue>();
        var rendering = Rendering.Text;
        if (family == Family.ContextProperty)
        {
            var destructure = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "destructureObjects");
            if (destructure?.Value.ConstantValue is { HasValue: true, Value: true }) rendering = Rendering.Members;
        }
        if (family == Family.ScopeState) rendering = Rendering.Members;

        var placeholder = 0;
        foreach (var argument in invocation.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? int.MaxValue))
        {
            var parameter = argument.Parameter;
            if (parameter is null) continue;
            if (method.IsExtensionMethod && parameter.Ordinal == 0) continue;
            if (IsIgnoredParameter(parameter)) continue;
            if (family is Family.DefineDelegate or Family.GeneratedLogger)
            {
                values.Add(new LoggedValue(argument.Value, Rendering.Text, -1, null));
                continue;
            }
            if (family == Family.TemplateLogger && TemplateParameterNames.Contains(parameter.Name) && parameter.Type.SpecialType == SpecialType.System_String && template is null)
            {
                template = argument.Value;
                continue;
            }
            var isTemplateArgument = family == Family.TemplateLogger &&
                (parameter.IsParams || parameter.Name.StartsWith("arg", StringComparison.Ordinal) || parameter.Name.StartsWith("propertyValue", StringComparison.Ordinal));
            if (argument.ArgumentKind == ArgumentKind.ParamArray && argument.Value is IArrayCreationOperation { Initializer: { } initializer })
            {
                foreach (var element in initializer.ElementValues)
                    values.Add(new LoggedValue(element, rendering, placeholder++, null));
            }
            else
            {
                values.Add(new LoggedValue(argument.Value, rendering, isTemplateArgument ? placeholder++ : -1, null));
            }
        }

        var placeholders = template is null ? ImmutableArray<string>.Empty : Placeholders(template);
        ApplyPlaceholderRendering(values, placeholders);
        return new SinkCall(SinkName(invocation), invocation, template, placeholders, values.ToImmutable(), null);
    }

    /// <summary>A value whose placeholder is <c>{@Name}</c> is destructured (Serilog, NLog, MEL with structured providers).</summary>
    private static void ApplyPlaceholderRendering(ImmutableArray<LoggedValue>.Builder values, ImmutableArray<string> placeholders)
    {
        if (placeholders.IsDefaultOrEmpty) return;
        var numeric = placeholders.All(p => p.TrimStart('@', '$').All(char.IsDigit));
        for (var i = 0; i < values.Count; i++)
        {
            var value = values[i];
            if (value.PlaceholderIndex < 0) continue;
            var index = value.PlaceholderIndex;
            string? name = null;
            if (numeric)
                name = placeholders.FirstOrDefault(p => p.TrimStart('@', '$') == index.ToString(System.Globalization.CultureInfo.InvariantCulture));
            else if (index < placeholders.Length)
                name = placeholders[index];
            if (name is not null && name.StartsWith("@", StringComparison.Ordinal))
                values[i] = new LoggedValue(value.Value, Rendering.Members, index, value.ForwardedParameter);
        }
    }

    private static string SinkName(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (method.Name == "Invoke" && method.ContainingType.TypeKind == TypeKind.Delegate)
        {
            var target = invocation.Instance;
            while (target is IConversionOperation c) target = c.Operand;
            return target switch
            {
                IFieldReferenceOperation f => f.Field.Name,
                IPropertyReferenceOperation p => p.Property.Name,
                ILocalReferenceOperation l => l.Local.Name,
                _ => "LoggerMessage.Define delegate",
            };
        }
        return method.Name;
    }

    /// <summary>Placeholders of a constant message template or composite format, in order of appearance ("@Dto", "Token", "0").</summary>
    public static ImmutableArray<string> Placeholders(IOperation template)
    {
        while (template is IConversionOperation c) template = c.Operand;
        if (template.ConstantValue is not { HasValue: true, Value: string text }) return ImmutableArray<string>.Empty;
        return ParsePlaceholders(text).Select(p => p.Name).ToImmutableArray();
    }

    /// <summary>Placeholders with their spans in <paramref name="text"/> (braces included); <c>{{</c> and <c>}}</c> are escapes.</summary>
    public static IEnumerable<(string Name, int Start, int Length)> ParsePlaceholders(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '{')
            {
                if (i + 1 < text.Length && text[i + 1] == '{')
                {
                    i++;
                    continue;
                }
                var end = text.IndexOf('}', i + 1);
                if (end < 0) yield break;
                var inner = text.Substring(i + 1, end - i - 1);
                var cut = inner.IndexOfAny(new[] { ',', ':' });
                var name = (cut >= 0 ? inner.Substring(0, cut) : inner).Trim();
                yield return (name, i, end - i + 1);
                i = end;
            }
            else if (text[i] == '}' && i + 1 < text.Length && text[i + 1] == '}')
            {
                i++;
            }
        }
    }

    // ---------------------------------------------------------------- wrappers

    private enum ForwardRole { Template, TemplateArguments, Value }

    private sealed class WrapperSummary
    {
        public static readonly WrapperSummary Empty = new(ImmutableArray<(int, ForwardRole, Rendering)>.Empty);
        public WrapperSummary(ImmutableArray<(int Ordinal, ForwardRole Role, Rendering Rendering)> forwards) => Forwards = forwards;
        public ImmutableArray<(int Ordinal, ForwardRole Role, Rendering Rendering)> Forwards { get; }
        public bool IsEmpty => Forwards.IsEmpty;
    }

    /// <summary>
    /// Which parameters of a source method reach a sink. Nested summaries (a wrapper calling a wrapper, at most
    /// <see cref="MaxWrapperDepth"/> deep, cycles cut) are cached too unless the depth limit or a cycle cut them short,
    /// so the cache never holds a summary that depends on who asked first; the top-level one is always cached.
    /// </summary>
    private WrapperSummary Summarize(IMethodSymbol method, SummaryWalk? walk)
    {
        if (_wrappers.TryGetValue(method, out var known)) return known;
        // The chain of wrappers being summarised travels down the calls (no static or thread-static state).
        walk ??= new SummaryWalk();
        if (walk.InProgress.Count >= MaxWrapperDepth || !walk.InProgress.Add(method))
        {
            walk.CutShort = true;
            return WrapperSummary.Empty;
        }
        var outerCutShort = walk.CutShort;
        walk.CutShort = false;
        try
        {
            var summary = ComputeSummary(method, walk);
            return walk.InProgress.Count == 1 || !walk.CutShort ? _wrappers.GetOrAdd(method, summary) : summary;
        }
        finally
        {
            walk.InProgress.Remove(method);
            walk.CutShort |= outerCutShort;
        }
    }

    private sealed class SummaryWalk
    {
        public HashSet<IMethodSymbol> InProgress { get; } = new(SymbolEqualityComparer.Default);

        /// <summary>The summary being computed met the depth limit or a cycle: it is incomplete.</summary>
        public bool CutShort { get; set; }
    }

    /// <summary>Names of the calls that write (every sink family above), checked on syntax before a callee is bound.</summary>
    private static readonly ImmutableHashSet<string> SinkMethodNames = ImmutableHashSet.Create(StringComparer.Ordinal,
        "BeginScope", "Write", "WriteLine", "WriteIf", "WriteLineIf", "Print", "Assert", "Fail", "TraceInformation",
        "TraceWarning", "TraceError", "TraceEvent", "TraceData", "Verbose", "Debug", "Information", "Warning", "Error", "Fatal",
        "ForContext", "PushProperty", "Trace", "Info", "Warn", "ConditionalDebug", "ConditionalTrace", "DebugFormat",
        "InfoFormat", "WarnFormat", "ErrorFormat", "FatalFormat", "SetTag", "AddTag", "AddBaggage", "SetBaggage");

    /// <summary>
    /// A syntax-only test that a source method may write one of its parameters somewhere: a parameter's name (or a
    /// local assigned from one, transitively) appears in the arguments of a call to a sink by name (see
    /// <see cref="IsSinkName"/>, which also covers LoggerMessage delegates and [LoggerMessage] methods named Log…), of a
    /// new exception, or of a method of its own type that passes this test (3 deep). Binding a callee costs far more than
    /// reading it: on jellyfin, where nearly every method logs something, binding every method that merely logs made
    /// SR3001 cost a quarter of compile time or more. Methods that fail this test are never bound. A wrapper that reaches
    /// a sink only through another type's method with an unremarkable name, or through a field, is not followed.
    /// </summary>
    private bool MayForwardParameter(IMethodSymbol method, int depth, HashSet<IMethodSymbol> seen)
    {
        if (depth > MaxWrapperDepth || method.Parameters.IsEmpty || !seen.Add(method)) return false;
        var facts = _forwardFacts.GetOrAdd(method, ForwardFactsOf);
        if (facts.Direct) return true;
        foreach (var name in facts.Siblings)
        {
            foreach (var member in method.ContainingType.GetMembers(name).OfType<IMethodSymbol>())
            {
                if (MayForwardParameter(member, depth + 1, seen)) return true;
            }
        }
        return false;
    }

    /// <summary>One read of a method's syntax: does a parameter reach a sink or exception directly, and which methods of its own type receive one.</summary>
    private static ForwardFacts ForwardFactsOf(IMethodSymbol method)
    {
        var siblings = new List<string>(); // in source order: the walk over them shares one seen-set
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            var declaration = reference.GetSyntax();
            // Where a value could leave: calls to a sink by name, new exceptions, calls to methods of the same type.
            var exits = new List<(Microsoft.CodeAnalysis.CSharp.Syntax.ArgumentListSyntax Arguments, string? Sibling)>();
            foreach (var node in declaration.DescendantNodes())
            {
                switch (node)
                {
                    case Microsoft.CodeAnalysis.CSharp.Syntax.ObjectCreationExpressionSyntax { ArgumentList: { } arguments } creation
                        when creation.Type.ToString().EndsWith("Exception", StringComparison.Ordinal):
                        exits.Add((arguments, null));
                        break;
                    case Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax { ArgumentList.Arguments.Count: > 0 } invocation
                        when InvokedName(invocation.Expression) is { } name:
                        if (IsSinkName(name)) exits.Add((invocation.ArgumentList, null));
                        else if (!method.ContainingType.GetMembers(name).IsEmpty) exits.Add((invocation.ArgumentList, name));
                        break;
                }
            }
            if (exits.Count == 0) continue;
            var tainted = new HashSet<string>(method.Parameters.Select(p => p.Name), StringComparer.Ordinal);
            TaintLocals(declaration, tainted);
            foreach (var (arguments, sibling) in exits)
            {
                if (!Mentions(arguments, tainted)) continue;
                if (sibling is null) return ForwardFacts.DirectOnes;
                if (!siblings.Contains(sibling)) siblings.Add(sibling);
            }
        }
        return new ForwardFacts(false, siblings.ToImmutableArray());
    }

    private sealed class ForwardFacts
    {
        public static readonly ForwardFacts DirectOnes = new(true, ImmutableArray<string>.Empty);

        public ForwardFacts(bool direct, ImmutableArray<string> siblings)
        {
            Direct = direct;
            Siblings = siblings;
        }

        public bool Direct { get; }

        public ImmutableArray<string> Siblings { get; }
    }

    /// <summary>Anything with the word "log" in it (<c>LogInformation</c>, <c>WriteLog</c>, not <c>Login</c> or <c>Catalog</c>), or a sink name above.</summary>
    private static bool IsSinkName(string name) =>
        SinkMethodNames.Contains(name)
        || (name.IndexOf("log", StringComparison.OrdinalIgnoreCase) >= 0 && Names.Words(name).Any(w => w is "log" or "logs" or "logger" or "logging"));

    /// <summary>Adds the locals assigned (declared, assigned, iterated) from a tainted name, to a fixpoint.</summary>
    private static void TaintLocals(SyntaxNode declaration, HashSet<string> tainted)
    {
        var flows = new List<(string Name, SyntaxNode From)>();
        foreach (var node in declaration.DescendantNodes())
        {
            switch (node)
            {
                case Microsoft.CodeAnalysis.CSharp.Syntax.VariableDeclaratorSyntax { Initializer: { } initializer } declarator:
                    flows.Add((declarator.Identifier.ValueText, initializer.Value));
                    break;
                case Microsoft.CodeAnalysis.CSharp.Syntax.AssignmentExpressionSyntax { Left: Microsoft.CodeAnalysis.CSharp.Syntax.IdentifierNameSyntax target } assignment:
                    flows.Add((target.Identifier.ValueText, assignment.Right));
                    break;
                case Microsoft.CodeAnalysis.CSharp.Syntax.ForEachStatementSyntax loop:
                    flows.Add((loop.Identifier.ValueText, loop.Expression));
                    break;
                case Microsoft.CodeAnalysis.CSharp.Syntax.SingleVariableDesignationSyntax designation
                    when (designation.FirstAncestorOrSelf<Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax>()
                        ?? (SyntaxNode?)designation.FirstAncestorOrSelf<Microsoft.CodeAnalysis.CSharp.Syntax.IsPatternExpressionSyntax>()) is { } owner:
                    flows.Add((designation.Identifier.ValueText, owner)); // out var x, is T x: tainted when the call or test mentions a tainted name
                    break;
            }
        }
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var (name, from) in flows)
            {
                if (!tainted.Contains(name) && Mentions(from, tainted)) changed |= tainted.Add(name);
            }
        }
    }

    private static bool Mentions(SyntaxNode? node, HashSet<string> names) =>
        node is not null && node.DescendantTokens().Any(t => t.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.IdentifierToken) && names.Contains(t.ValueText));

    private static string? InvokedName(Microsoft.CodeAnalysis.CSharp.Syntax.ExpressionSyntax expression) => expression switch
    {
        Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
        Microsoft.CodeAnalysis.CSharp.Syntax.SimpleNameSyntax simple => simple.Identifier.ValueText,
        Microsoft.CodeAnalysis.CSharp.Syntax.MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
        _ => null,
    };

    private WrapperSummary ComputeSummary(IMethodSymbol method, SummaryWalk walk)
    {
        if (method.Parameters.IsEmpty || method.IsAbstract || method.IsExtern) return WrapperSummary.Empty;
        if (!MayForward(method)) return WrapperSummary.Empty;
        var forwards = new List<(int, ForwardRole, Rendering)>();
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            var syntax = reference.GetSyntax();
            if (!_compilation.ContainsSyntaxTree(syntax.SyntaxTree)) continue;
            var model = _model.GetSemanticModel(syntax.SyntaxTree);
            var body = model.GetOperation(syntax);
            if (body is null) continue;
            foreach (var node in body.Descendants())
            {
                if (node is not IInvocationOperation inner) continue;
                var sink = Classify(inner, walk);
                if (sink is null) continue;
                if (sink.Template is not null)
                {
                    var direct = sink.Template.WithoutConversions();
                    if (direct is IParameterReferenceOperation { Parameter: var p } && Owns(method, p))
                        forwards.Add((p.Ordinal, ForwardRole.Template, Rendering.Text));
                    else
                        AddReached(method, sink.Template, Rendering.Text, forwards);
                }
                foreach (var value in sink.Values)
                {
                    var direct = value.Value.WithoutConversions();
                    if (direct is IParameterReferenceOperation { Parameter: { IsParams: true } p } && Owns(method, p))
                        forwards.Add((p.Ordinal, ForwardRole.TemplateArguments, value.Rendering));
                    else
                        AddReached(method, value.Value, value.Rendering, forwards);
                }
            }
        }
        return forwards.Count == 0 ? WrapperSummary.Empty : new WrapperSummary(forwards.Distinct().ToImmutableArray());
    }

    private static bool Owns(IMethodSymbol method, IParameterSymbol parameter) =>
        SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, method);

    private void AddReached(IMethodSymbol method, IOperation value, Rendering rendering, List<(int, ForwardRole, Rendering)> forwards)
    {
        _flow.Walk(value, rendering, (node, _, mode) =>
        {
            if (node is IParameterReferenceOperation { Parameter: var p } && Owns(method, p))
            {
                forwards.Add((p.Ordinal, ForwardRole.Value, mode));
                return true;
            }
            return false;
        });
    }


    private static SinkCall? FromWrapper(IInvocationOperation invocation, WrapperSummary summary)
    {
        var method = invocation.TargetMethod;
        IOperation? template = null;
        var values = ImmutableArray.CreateBuilder<LoggedValue>();
        foreach (var (ordinal, role, rendering) in summary.Forwards)
        {
            var argument = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == ordinal);
            if (argument is null || argument.IsImplicit && argument.ArgumentKind == ArgumentKind.DefaultValue) continue;
            var parameter = argument.Parameter!;
            switch (role)
            {
                case ForwardRole.Template:
                    template = argument.Value;
                    break;
                case ForwardRole.TemplateArguments when argument.ArgumentKind == ArgumentKind.ParamArray && argument.Value is IArrayCreationOperation { Initializer: { } initializer }:
                    var index = 0;
                    foreach (var element in initializer.ElementValues)
                        values.Add(new LoggedValue(element, rendering, index++, parameter));
                    break;
                default:
                    values.Add(new LoggedValue(argument.Value, rendering, -1, parameter));
                    break;
            }
        }
        var placeholders = template is null ? ImmutableArray<string>.Empty : Placeholders(template);
        ApplyPlaceholderRendering(values, placeholders);
        var name = method.ContainingType is null ? method.Name : method.ContainingType.Name + "." + method.Name;
        return new SinkCall(name, invocation, template, placeholders, values.ToImmutable(), method);
    }
}
