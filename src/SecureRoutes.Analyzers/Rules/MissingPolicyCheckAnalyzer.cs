using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureRoutes.Analyzers.Infrastructure;
using SecureRoutes.Analyzers.Model;

namespace SecureRoutes.Analyzers.Rules;

/// <summary>
/// SR1001: an endpoint loads or changes an owned resource (or changes state) selected by a client-supplied identifier,
/// and no central policy check guards every path before the resource is returned or changed.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MissingPolicyCheckAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.SR1001MissingPolicyCheck);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        // Security rule: analyze and report in generated code too (NetAnalyzers' choice), see rules/SR1001.md.
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.RegisterCompilationStartAction(start =>
        {
            var model = SecureRoutesModel.TryCreate(start.Compilation, start.Options);
            if (model is null) return;
            EndpointActions.Register(start, model, (body, report, ct) => Analyze(model, body, report, ct));
        });
    }

    private static void Analyze(SecureRoutesModel model, EndpointBody endpointBody, System.Action<Diagnostic> report, CancellationToken cancellationToken)
    {
        var endpoint = endpointBody.Endpoint;
        if (endpoint.IsAnonymous && !model.Option(endpoint.Location.SourceTree!, OptionKeys.SR1001CheckAnonymous)) return;

        var ids = model.ClientInput.Track(endpoint, endpointBody.Body);
        if (!ids.HasAnySource) return;
        var caller = new CallerIdentity(model.Types, endpointBody.Body);
        var accesses = model.DataAccess.FindAccesses(endpointBody.Body, ids, caller);
        if (accesses.Count == 0 || endpointBody.HasErrors) return;

        var sinks = new List<Sink>();
        foreach (var access in accesses)
        {
            if (access.CallerScoped || DelegatedToCheckingCallee(model, access, cancellationToken)) continue;
            var owned = model.DataAccess.IsOwned(access.Resource);
            if (access.Kind != AccessKind.Load)
            {
                if (owned || !endpoint.HasRoleOrPolicyRestriction) sinks.Add(new Sink(access.Operation.Syntax, access, access.Kind));
                continue;
            }
            // Unowned data (a catalog item) is only sensitive where it is changed without any role or policy restriction;
            // authored content (an article) is readable by design and sensitive where it is changed.
            var privateToRead = model.DataAccess.IsOwned(access.Resource, toRead: true);
            if (owned || !endpoint.HasRoleOrPolicyRestriction) CollectUsesOfLoad(access, endpointBody.Body, sinks, exposureCounts: privateToRead);
        }
        if (sinks.Count == 0) return;
        if (model.Policies.FiltersCover(endpoint, cancellationToken)) return;

        var graph = endpointBody.Graph;
        if (graph is null) return;
        var guards = new FlowGuards(graph, model.Policies.Classify, cancellationToken);
        foreach (var sink in sinks.OrderBy(s => s.Syntax.SpanStart))
        {
            if (guards.IsGuarded(sink.Syntax)) continue;
            report(Diagnostic.Create(
                Descriptors.SR1001MissingPolicyCheck,
                endpoint.Location,
                endpoint.DisplayName,
                Verb(sink.Kind),
                sink.Access.ResourceName ?? "a resource",
                sink.Access.Id));
            return;
        }
    }

    private static bool DelegatedToCheckingCallee(SecureRoutesModel model, ResourceAccess access, CancellationToken cancellationToken)
    {
        var operation = access.Operation;
        while (operation is IAwaitOperation or IConversionOperation) operation = operation.ChildOperations.First();
        // Another endpoint (a legacy route forwarding to the current action) is analyzed, and reported, on its own.
        return operation is IInvocationOperation invocation
            && (model.Policies.CalleePerformsCheck(invocation.TargetMethod, cancellationToken) || model.Endpoints.TryGetMethodEndpoint(invocation.TargetMethod) is not null);
    }

    private static string Verb(AccessKind kind) => kind switch
    {
        AccessKind.Change => "changes",
        AccessKind.Delete => "deletes",
        AccessKind.Create => "creates",
        _ => "loads",
    };

    /// <summary>
    /// A load is exposed where its result is returned, and acted on where a member of it is assigned or it is passed
    /// to a mutation (Remove, Update, a service's Delete…). Those places must be guarded, not the load itself.
    /// </summary>
    private static void CollectUsesOfLoad(ResourceAccess access, IOperation body, List<Sink> sinks, bool exposureCounts)
    {
        var local = AssignedLocal(access.Operation);
        if (DirectMutationOf(access) is { } direct)
        {
            sinks.Add(direct); // db.Products.Remove(db.Products.Find(id)!)
        }
        if (exposureCounts && local is null && AssignedToOwnMember(access.Operation) is { } exposed)
        {
            // Page models and controllers expose what they store in their own properties (Invite = await db.Invites.FindAsync(id)).
            sinks.Add(new Sink(exposed.Syntax, access, AccessKind.Load));
        }
        foreach (var op in body.DescendantsAndSelf())
        {
            switch (op)
            {
                case IReturnOperation { ReturnedValue: { } value } when exposureCounts && Exposes(value, access.Operation, local) is { } mention:
                    sinks.Add(new Sink(mention.Syntax, access, AccessKind.Load));
                    break;
                case IAssignmentOperation { Target: IMemberReferenceOperation target } when local is not null && RootedAt(target.Instance, local):
                    sinks.Add(new Sink(op.Syntax, access, AccessKind.Change));
                    break;
                case IInvocationOperation invocation when local is not null && MutationKind(invocation) is { } kind
                    && (RootedAt(invocation.Instance, local) || invocation.Arguments.Any(a => RootedAt(a.Value, local))):
                    sinks.Add(new Sink(invocation.Syntax, access, kind));
                    break;
            }
        }
    }

    private static AccessKind? MutationKind(IInvocationOperation invocation)
    {
        var name = invocation.TargetMethod.Name;
        if (name is "Remove" or "RemoveRange" or "RemoveAsync" or "DeleteAsync" or "Delete") return AccessKind.Delete;
        if (name is "Update" or "UpdateRange" or "UpdateAsync" or "Attach") return AccessKind.Change;
        if (invocation.TargetMethod.IsFrameworkNamespace() && invocation.TargetMethod.ContainingType?.Name is not ("UserManager`1" or "UserManager")) return null;
        var words = Names.Words(name);
        if (words.Count == 0) return null;
        return words[0] switch
        {
            "delete" or "remove" or "destroy" or "purge" => AccessKind.Delete,
            "update" or "set" or "change" or "revoke" or "cancel" or "accept" or "approve" or "reject" or "assign" or "grant"
                or "transfer" or "resend" or "archive" or "restore" or "move" or "rename" or "lock" or "unlock" or "mark" or "reset"
                or "confirm" or "add" or "promote" or "demote" or "suspend" or "activate" or "deactivate" or "save" => AccessKind.Change,
            _ => null,
        };
    }

    private static ILocalSymbol? AssignedLocal(IOperation access)
    {
        if (access is IInvocationOperation { TargetMethod.Name: "TryGetValue" } lookup)
        {
            return lookup.Arguments.LastOrDefault()?.Value switch
            {
                IDeclarationExpressionOperation { Expression: ILocalReferenceOperation declared } => declared.Local,
                ILocalReferenceOperation existing => existing.Local,
                _ => null,
            };
        }
        var current = access;
        for (var i = 0; i < 8 && current.Parent is not null; i++)
        {
            switch (current.Parent)
            {
                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                    return declarator.Symbol;
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation local }:
                    return local.Local;
                case IConversionOperation or IAwaitOperation or IParenthesizedOperation or ICoalesceOperation:
                    current = current.Parent;
                    continue;
                default:
                    return null;
            }
        }
        return null;
    }

    private static Sink? DirectMutationOf(ResourceAccess access)
    {
        var current = access.Operation;
        while (current.Parent is IConversionOperation or IAwaitOperation or IParenthesizedOperation) current = current.Parent;
        return current.Parent is IArgumentOperation { Parent: IInvocationOperation invocation } && MutationKind(invocation) is { } kind
            ? new Sink(invocation.Syntax, access, kind)
            : null;
    }

    private static IOperation? AssignedToOwnMember(IOperation access)
    {
        var current = access;
        while (current.Parent is IConversionOperation or IAwaitOperation or IParenthesizedOperation or ICoalesceOperation) current = current.Parent;
        return current.Parent is ISimpleAssignmentOperation { Target: IMemberReferenceOperation { Instance: IInstanceReferenceOperation } } assignment
            ? assignment
            : null;
    }

    /// <summary>
    /// The place in a returned value that hands out the loaded resource (the load itself or its local), or null.
    /// Null tests (<c>invite is null ? NotFound() : NoContent()</c>) expose nothing but existence.
    /// </summary>
    private static IOperation? Exposes(IOperation value, IOperation access, ILocalSymbol? local)
    {
        foreach (var op in value.DescendantsAndSelf())
        {
            var mentions = op == access || (op.Syntax == access.Syntax && op.Kind == access.Kind)
                || (local is not null && op is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local));
            if (mentions && !IsOnlyTested(op, value)) return op;
        }
        return null;
    }

    private static bool IsOnlyTested(IOperation operation, IOperation root)
    {
        for (var current = operation; current != root && current.Parent is not null; current = current.Parent)
        {
            switch (current.Parent)
            {
                case IIsPatternOperation:
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } binary
                    when binary.LeftOperand.ConstantValue is { HasValue: true, Value: null } || binary.RightOperand.ConstantValue is { HasValue: true, Value: null }:
                    return true;
                case IConditionalOperation conditional when conditional.Condition == current:
                    return true; // a test (the policy call itself, a null check) decides what is returned; it returns nothing
                case IConversionOperation or IParenthesizedOperation or IAwaitOperation or IArgumentOperation:
                    continue;
                case IInvocationOperation { Type.SpecialType: SpecialType.System_Boolean }:
                    return true;
                default:
                    return false;
            }
        }
        return false;
    }

    private static bool RootedAt(IOperation? instance, ILocalSymbol local)
    {
        for (var i = 0; instance is not null && i < 8; i++)
        {
            switch (instance)
            {
                case ILocalReferenceOperation reference:
                    return SymbolEqualityComparer.Default.Equals(reference.Local, local);
                case IMemberReferenceOperation member:
                    instance = member.Instance;
                    continue;
                case IConversionOperation conversion:
                    instance = conversion.Operand;
                    continue;
                default:
                    return false;
            }
        }
        return false;
    }

    private readonly struct Sink
    {
        public Sink(SyntaxNode syntax, ResourceAccess access, AccessKind kind)
        {
            Syntax = syntax;
            Access = access;
            Kind = kind;
        }

        public SyntaxNode Syntax { get; }
        public ResourceAccess Access { get; }
        public AccessKind Kind { get; }
    }
}
