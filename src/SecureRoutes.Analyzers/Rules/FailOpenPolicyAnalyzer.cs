using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using SecureRoutes.Analyzers.Infrastructure;
using SecureRoutes.Analyzers.Model;

namespace SecureRoutes.Analyzers.Rules;

/// <summary>
/// SR1003: a central policy method (marked <c>[AuthorizationPolicy]</c> or configured) grants access on a path that
/// makes no explicit decision: a catch that allows (or swallows the deny), a switch whose default arm allows, a deny-list
/// of enum values followed by an unconditional allow that leaves enum members unnamed, or an allow that never reads the
/// actor. Reported at the allowing return, arm or catch.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class FailOpenPolicyAnalyzer : DiagnosticAnalyzer
{
    private static readonly ImmutableHashSet<string> ActorNames = ImmutableHashSet.Create(StringComparer.Ordinal,
        "actor", "caller", "principal", "user", "currentuser", "requester", "subject", "claimsprincipal");

    private enum Shape
    {
        /// <summary>bool / Task&lt;bool&gt;: true allows.</summary>
        Decision,

        /// <summary>AuthorizationResult: Success() allows.</summary>
        Result,

        /// <summary>void / Task: returning normally allows, throwing denies.</summary>
        ThrowsOnDeny,
    }

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.SR1003FailOpenPolicy);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        // Security rule: analyze and report in generated code too (NetAnalyzers' choice), see rules/SR1003.md.
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.RegisterCompilationStartAction(start =>
        {
            var model = SecureRoutesModel.TryCreate(start.Compilation, start.Options);
            if (model is null) return;
            start.RegisterOperationBlockAction(block => Analyze(model, block));
        });
    }

    private static void Analyze(SecureRoutesModel model, OperationBlockAnalysisContext block)
    {
        if (block.OwningSymbol is not IMethodSymbol { MethodKind: MethodKind.Ordinary or MethodKind.ExplicitInterfaceImplementation } method) return;
        // Method bodies come as IMethodBodyOperation or, depending on the compiler, as the body block itself.
        var body = block.OperationBlocks.OfType<IMethodBodyOperation>().FirstOrDefault();
        var root = (IOperation?)body?.BlockBody ?? body?.ExpressionBody ?? block.OperationBlocks.OfType<IBlockOperation>().FirstOrDefault();
        if (root is null) return;
        if (!IsPolicyEntry(model, method, root.Syntax.SyntaxTree)) return;
        var shape = ShapeOf(model, method);
        if (shape is null) return;
        // IsBlocked / IsSuspendedAsync / DenyExport: their true means "deny", so their defaults cannot be read as "allow".
        if (shape != Shape.ThrowsOnDeny && HasDenyingName(method.Name)) return;
        if (root.DescendantsAndSelf().Any(o => o is IInvalidOperation)) return;

        var name = method.ShortName();
        void Report(Location location, string path, string why) =>
            block.ReportDiagnostic(Diagnostic.Create(Descriptors.SR1003FailOpenPolicy, location, name, path, why));

        var operations = Walk(root).ToList();
        CheckCatches(model, shape.Value, operations, Report);
        CheckSwitches(model, shape.Value, operations, Report);
        if (shape != Shape.ThrowsOnDeny)
        {
            CheckDenyList(model, shape.Value, root, operations, Report);
            CheckActorRead(model, method, shape.Value, operations, Report);
        }
    }

    /// <summary>
    /// Policy entry points: methods of a policy type (or marked, or configured) that callers ask for a decision. Private
    /// helpers of a policy type are parts of a decision (their bool may mean "suspended" as well as "allowed"), so they are
    /// analyzed only when marked themselves.
    /// </summary>
    private static bool IsPolicyEntry(SecureRoutesModel model, IMethodSymbol method, SyntaxTree tree)
    {
        if (!model.Policies.IsPolicyMethod(method, tree)) return false;
        return method.DeclaredAccessibility != Accessibility.Private || method.HasAttributeNamed(PolicyChecks.PolicyAttributeName);
    }

    private static readonly ImmutableHashSet<string> DenyingWords = ImmutableHashSet.Create(StringComparer.Ordinal,
        "deny", "denied", "reject", "rejected", "block", "blocked", "ban", "banned", "forbid", "forbidden", "suspended",
        "locked", "disabled", "expired", "revoked", "restricted", "blacklisted", "blocklisted", "prohibited");

    private static bool HasDenyingName(string name)
    {
        var words = Names.Words(name);
        return words.Count > 0 && (DenyingWords.Contains(words[0])
            || (words[0] is "is" or "has" or "was" && words.Skip(1).Any(DenyingWords.Contains)));
    }

    private static Shape? ShapeOf(SecureRoutesModel model, IMethodSymbol method)
    {
        if (method.ReturnsVoid || method.ReturnType.IsType(model.Types.Task) || method.ReturnType.IsType(model.Types.ValueTask)) return Shape.ThrowsOnDeny;
        var type = method.ReturnType.UnwrapTask();
        if (type.SpecialType == SpecialType.System_Boolean) return Shape.Decision;
        if (type.IsType(model.Types.AuthorizationResult)) return Shape.Result;
        return null;
    }

    // ------------------------------------------------------------------ catch

    private static void CheckCatches(SecureRoutesModel model, Shape shape, List<IOperation> operations, Action<Location, string, string> report)
    {
        foreach (var @catch in operations.OfType<ICatchClauseOperation>())
        {
            var clause = CatchText(@catch);
            if (shape == Shape.ThrowsOnDeny)
            {
                // The try threw the deny (or called a check that does); a catch that does not throw turns it into "allowed".
                if (@catch.Parent is not ITryOperation tryOperation || !Walk(tryOperation.Body).Any(o => o is IThrowOperation || IsCheckCall(model, o))) continue;
                if (Walk(@catch.Handler).Any(o => o is IThrowOperation)) continue;
                report(CatchLocation(@catch), "swallows the deny in '" + clause + "'",
                    "when a check throws, the method returns normally and the caller proceeds as if access were allowed");
                continue;
            }

            var allow = Walk(@catch.Handler).OfType<IReturnOperation>().FirstOrDefault(r => IsAllow(model, shape, r.ReturnedValue));
            if (allow is not null)
            {
                report(allow.Syntax.GetLocation(), "returns allow from '" + clause + "'",
                    "an error while deciding (a failed lookup, a timeout, a bug) grants access instead of denying it");
                continue;
            }

            // catch { log; } return true; — the error falls through to the allow after the try.
            if (@catch.Parent is ITryOperation @try && !AlwaysExits(@catch.Handler)
                && Walk(@try.Body).Any(o => o is IThrowOperation || o is IReturnOperation r && !IsAllow(model, shape, r.ReturnedValue))
                && NextReturn(@try) is { } next && IsAllow(model, shape, next.ReturnedValue))
            {
                report(CatchLocation(@catch), "falls through from '" + clause + "' to an allow",
                    "an error while deciding (a failed lookup, a timeout, a bug) grants access instead of denying it");
            }
        }
    }

    private static bool IsCheckCall(SecureRoutesModel model, IOperation operation) =>
        operation is IInvocationOperation invocation && model.Policies.IsPolicyMethod(invocation.TargetMethod, invocation.Syntax.SyntaxTree);

    /// <summary>The first <c>return</c> after the try in its block, when only plain statements (no branches) lie between.</summary>
    private static IReturnOperation? NextReturn(ITryOperation @try)
    {
        if (@try.Parent is not IBlockOperation block) return null;
        var index = block.Operations.IndexOf(@try);
        for (var i = index + 1; i >= 1 && i < block.Operations.Length; i++)
        {
            switch (block.Operations[i])
            {
                case IReturnOperation r:
                    return r;
                case IExpressionStatementOperation or IVariableDeclarationGroupOperation:
                    continue;
                default:
                    return null;
            }
        }
        return null;
    }

    private static string CatchText(ICatchClauseOperation @catch) => @catch.Syntax is CatchClauseSyntax syntax
        ? ("catch" + (syntax.Declaration is null ? "" : " " + syntax.Declaration) + (syntax.Filter is null ? "" : " " + syntax.Filter)).Trim()
        : "catch";

    private static Location CatchLocation(ICatchClauseOperation @catch)
    {
        if (@catch.Syntax is not CatchClauseSyntax syntax) return @catch.Syntax.GetLocation();
        var end = syntax.Filter?.Span.End ?? syntax.Declaration?.Span.End ?? syntax.CatchKeyword.Span.End;
        return Location.Create(syntax.SyntaxTree, TextSpan.FromBounds(syntax.CatchKeyword.SpanStart, end));
    }

    // ------------------------------------------------------------------ switch

    private static void CheckSwitches(SecureRoutesModel model, Shape shape, List<IOperation> operations, Action<Location, string, string> report)
    {
        foreach (var operation in operations)
        {
            switch (operation)
            {
                case ISwitchOperation statement:
                    CheckSwitchStatement(model, shape, statement, report);
                    break;
                case ISwitchExpressionOperation expression when IsReturned(expression):
                    CheckSwitchExpression(model, shape, expression, report);
                    break;
            }
        }
    }

    private static void CheckSwitchStatement(SecureRoutesModel model, Shape shape, ISwitchOperation statement, Action<Location, string, string> report)
    {
        ISwitchCaseOperation? fallback = null;
        foreach (var section in statement.Cases)
        {
            if (section.Clauses.Any(IsCatchAllClause)) fallback = section;
        }
        if (fallback is null) return;
        var others = statement.Cases.Where(c => c != fallback).ToList();
        if (others.Count == 0) return;

        if (shape == Shape.ThrowsOnDeny)
        {
            // Arms throw to deny; a default that does not throw allows every unnamed value.
            if (!others.Any(c => c.Body.Any(b => Walk(b).Any(o => o is IThrowOperation)))) return;
            if (fallback.Body.Any(b => Walk(b).Any(o => o is IThrowOperation))) return;
            ReportSwitch(fallback.Clauses.First(IsCatchAllClause).Syntax.GetLocation(), statement.Value, NamedIn(statement), report);
            return;
        }

        var allow = FirstReturn(fallback.Body);
        if (allow is null || !IsAllow(model, shape, allow.ReturnedValue)) return;
        if (!others.Any(c => c.Body.Any(b => Walk(b).Any(o => o is IThrowOperation || o is IReturnOperation r && !IsAllow(model, shape, r.ReturnedValue))))) return;
        ReportSwitch(allow.Syntax.GetLocation(), statement.Value, NamedIn(statement), report);
    }

    private static void CheckSwitchExpression(SecureRoutesModel model, Shape shape, ISwitchExpressionOperation expression, Action<Location, string, string> report)
    {
        var fallback = expression.Arms.FirstOrDefault(a => a.Guard is null && IsCatchAll(a.Pattern));
        if (fallback is null || !IsAllow(model, shape, fallback.Value)) return;
        if (!expression.Arms.Any(a => a != fallback && !IsAllow(model, shape, a.Value))) return;
        ReportSwitch(fallback.Syntax.GetLocation(), expression.Value, NamedIn(expression), report);
    }

    private static void ReportSwitch(Location location, IOperation governing, HashSet<string> named, Action<Location, string, string> report)
    {
        var type = governing.Type;
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable) type = nullable.TypeArguments[0];
        var subject = type?.TypeKind == TypeKind.Enum ? "'" + type.Name + "'" : "'" + Shorten(governing.Syntax.ToString()) + "'";
        var unnamed = type?.TypeKind == TypeKind.Enum ? UnnamedMembers(type, named) : new List<string>();
        var why = unnamed.Count > 0
            ? Quote(unnamed) + " and any value added later are allowed without being named"
            : "any value no arm names, including one added later, is allowed";
        report(location, "allows in the default arm of the switch over " + subject, why);
    }

    private static bool IsCatchAllClause(ICaseClauseOperation clause) => clause switch
    {
        IDefaultCaseClauseOperation => true,
        IPatternCaseClauseOperation pattern => pattern.Guard is null && IsCatchAll(pattern.Pattern),
        _ => false,
    };

    private static bool IsCatchAll(IPatternOperation pattern) => pattern switch
    {
        IDiscardPatternOperation => true,
        IDeclarationPatternOperation { MatchesNull: true } => true,
        _ => false,
    };

    /// <summary>
    /// The value is (a monotone part of) what the method returns: the returned value itself, an operand of <c>&amp;&amp;</c> /
    /// <c>||</c>, or an arm of a ternary in it. Its true then means "allow".
    /// </summary>
    private static bool IsReturned(IOperation operation)
    {
        for (var current = operation; current.Parent is { } parent; current = parent)
        {
            switch (parent)
            {
                case IConversionOperation or IParenthesizedOperation:
                    continue;
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr }:
                    continue;
                case IConditionalOperation conditional when conditional.Condition != current:
                    continue;
                case IReturnOperation:
                    return true;
                default:
                    return false;
            }
        }
        return false;
    }

    private static HashSet<string> NamedIn(IOperation operation)
    {
        var named = new HashSet<string>(StringComparer.Ordinal);
        foreach (var op in operation.DescendantsAndSelf())
        {
            if (op is IFieldReferenceOperation { Field: { ContainingType.TypeKind: TypeKind.Enum } field }) named.Add(field.Name);
        }
        return named;
    }

    // ------------------------------------------------------------------ deny-list

    /// <summary><c>if (status == Suspended) return false; … return true;</c> where the enum has members no check names.</summary>
    private static void CheckDenyList(SecureRoutesModel model, Shape shape, IOperation root, List<IOperation> operations, Action<Location, string, string> report)
    {
        if (root is not IBlockOperation block || block.Operations.Length < 2) return;
        if (block.Operations[block.Operations.Length - 1] is not IReturnOperation final || !IsAllow(model, shape, final.ReturnedValue)) return;

        var denied = new Dictionary<ITypeSymbol, string>(SymbolEqualityComparer.Default);
        foreach (var statement in block.Operations)
        {
            if (statement is not IConditionalOperation { WhenFalse: null } guard) continue;
            if (!Denies(model, shape, guard.WhenTrue)) continue;
            CollectPositiveEnumTests(guard.Condition, negated: false, denied);
        }
        if (denied.Count == 0) return;

        var named = new HashSet<string>(StringComparer.Ordinal);
        foreach (var op in operations)
        {
            if (op is IFieldReferenceOperation { Field: { ContainingType.TypeKind: TypeKind.Enum } field }) named.Add(field.ContainingType.Name + "." + field.Name);
        }
        foreach (var pair in denied)
        {
            var unnamed = UnnamedMembers(pair.Key, new HashSet<string>(named.Where(n => n.StartsWith(pair.Key.Name + ".", StringComparison.Ordinal)).Select(n => n.Substring(pair.Key.Name.Length + 1))));
            if (unnamed.Count == 0) continue;
            report(final.Syntax.GetLocation(),
                "allows every '" + pair.Key.Name + "' value that the checks on '" + pair.Value + "' do not deny",
                Quote(unnamed) + " and any value added later are allowed without being named");
            return;
        }
    }

    private static bool Denies(SecureRoutesModel model, Shape shape, IOperation branch)
    {
        var last = branch is IBlockOperation b ? b.Operations.LastOrDefault() : branch;
        if (last is IExpressionStatementOperation expression) last = expression.Operation;
        return last switch
        {
            IThrowOperation => true,
            IReturnOperation r => !IsAllow(model, shape, r.ReturnedValue),
            _ => false,
        };
    }

    /// <summary>Enum tests that are true for the named values only (<c>==</c>, <c>is X or Y</c>; <c>!=</c> and <c>is not</c> under a negation).</summary>
    private static void CollectPositiveEnumTests(IOperation condition, bool negated, Dictionary<ITypeSymbol, string> denied)
    {
        condition = AuthorizationDecisions.Unwrap(condition);
        switch (condition)
        {
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                CollectPositiveEnumTests(not.Operand, !negated, denied);
                break;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr } logical:
                CollectPositiveEnumTests(logical.LeftOperand, negated, denied);
                CollectPositiveEnumTests(logical.RightOperand, negated, denied);
                break;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } comparison:
                var positive = (comparison.OperatorKind == BinaryOperatorKind.Equals) != negated;
                if (!positive) break;
                var subject = EnumSubject(comparison.LeftOperand, comparison.RightOperand) ?? EnumSubject(comparison.RightOperand, comparison.LeftOperand);
                if (subject is { Type: { } type } && !IsFlags(type)) denied[type] = Shorten(subject.Syntax.ToString());
                break;
            case IIsPatternOperation pattern:
                var value = AuthorizationDecisions.Unwrap(pattern.Value);
                var isNegative = pattern.Pattern is INegatedPatternOperation;
                if (isNegative == negated && value.Type is { TypeKind: TypeKind.Enum } enumType && !IsFlags(enumType) && pattern.Pattern.DescendantsAndSelf().Any(p => p is IConstantPatternOperation))
                {
                    denied[enumType] = Shorten(value.Syntax.ToString());
                }
                break;
        }
    }

    private static IOperation? EnumSubject(IOperation candidate, IOperation other)
    {
        candidate = AuthorizationDecisions.Unwrap(candidate);
        other = AuthorizationDecisions.Unwrap(other);
        if (candidate.Type is not { TypeKind: TypeKind.Enum } || candidate.ConstantValue.HasValue) return null;
        return other.ConstantValue.HasValue ? candidate : null;
    }

    private static bool IsFlags(ITypeSymbol type) => type.GetAttributes().Any(a => a.AttributeClass?.Name == "FlagsAttribute");

    private static List<string> UnnamedMembers(ITypeSymbol enumType, HashSet<string> named) => enumType.GetMembers()
        .OfType<IFieldSymbol>()
        .Where(f => f.HasConstantValue && !named.Contains(f.Name))
        .Select(f => f.Name)
        .ToList();

    // ------------------------------------------------------------------ actor

    /// <summary>A policy method that takes the actor and never reads it gives every caller the same answer.</summary>
    private static void CheckActorRead(SecureRoutesModel model, IMethodSymbol method, Shape shape, List<IOperation> operations, Action<Location, string, string> report)
    {
        var actor = method.Parameters.FirstOrDefault(p => p.Type.InheritsFromOrEquals(model.Types.ClaimsPrincipal))
            ?? method.Parameters.FirstOrDefault(p => ActorNames.Contains(p.Name.ToLowerInvariant()));
        if (actor is null) return;
        if (operations.Any(o => o is IParameterReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Parameter, actor))) return;
        // Lambdas are skipped by Walk; a read inside one still counts.
        if (operations.Any(o => o.DescendantsAndSelf().Any(d => d is IParameterReferenceOperation r && SymbolEqualityComparer.Default.Equals(r.Parameter, actor)))) return;
        var allow = operations.OfType<IReturnOperation>().FirstOrDefault(r => r.ReturnedValue is not null && !IsExplicitDeny(model, shape, r.ReturnedValue));
        if (allow is null) return;
        report(allow.Syntax.GetLocation(), "decides without reading the actor '" + actor.Name + "'",
            "every caller gets the same answer, whoever they are");
    }

    // ------------------------------------------------------------------ allow / deny values

    private static bool IsAllow(SecureRoutesModel model, Shape shape, IOperation? value)
    {
        if (value is null) return false;
        value = AuthorizationDecisions.Unwrap(value);
        if (value is IInvocationOperation { TargetMethod.Name: "FromResult", Arguments.Length: 1 } fromResult) value = AuthorizationDecisions.Unwrap(fromResult.Arguments[0].Value);
        return shape switch
        {
            Shape.Decision => value.ConstantValue is { HasValue: true, Value: true },
            Shape.Result => value is IInvocationOperation { TargetMethod.Name: "Success" } success && success.TargetMethod.ContainingType.IsType(model.Types.AuthorizationResult),
            _ => false,
        };
    }

    private static bool IsExplicitDeny(SecureRoutesModel model, Shape shape, IOperation value)
    {
        value = AuthorizationDecisions.Unwrap(value);
        if (value is IInvocationOperation { TargetMethod.Name: "FromResult", Arguments.Length: 1 } fromResult) value = AuthorizationDecisions.Unwrap(fromResult.Arguments[0].Value);
        return shape switch
        {
            Shape.Decision => value.ConstantValue is { HasValue: true, Value: false },
            Shape.Result => value is IInvocationOperation { TargetMethod.Name: "Failed" } failed && failed.TargetMethod.ContainingType.IsType(model.Types.AuthorizationResult),
            _ => false,
        };
    }

    // ------------------------------------------------------------------ helpers

    /// <summary>The operations of the method, not those of lambdas and local functions (their returns are not the method's).</summary>
    private static IEnumerable<IOperation> Walk(IOperation root)
    {
        var stack = new Stack<IOperation>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var current = stack.Pop();
            yield return current;
            foreach (var child in current.ChildOperations.Reverse())
            {
                if (child is IAnonymousFunctionOperation or ILocalFunctionOperation) continue;
                stack.Push(child);
            }
        }
    }

    private static IReturnOperation? FirstReturn(ImmutableArray<IOperation> statements)
    {
        foreach (var statement in statements)
        {
            if (statement is IReturnOperation r) return r;
            if (statement is IBlockOperation nested && FirstReturn(nested.Operations) is { } inner) return inner;
            if (statement is IConditionalOperation or ILoopOperation) return null;
        }
        return null;
    }

    private static bool AlwaysExits(IOperation branch)
    {
        var last = branch is IBlockOperation block ? block.Operations.LastOrDefault() : branch;
        if (last is IExpressionStatementOperation expression) last = expression.Operation;
        return last is IReturnOperation or IThrowOperation;
    }

    private static string Quote(List<string> names)
    {
        var shown = names.Take(4).Select(n => "'" + n + "'").ToList();
        if (names.Count > 4) shown.Add("...");
        return string.Join(", ", shown);
    }

    private static string Shorten(string text)
    {
        text = string.Join(" ", text.Split(new[] { '\r', '\n', ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries));
        return text.Length <= 40 ? text : text.Substring(0, 37) + "...";
    }
}
