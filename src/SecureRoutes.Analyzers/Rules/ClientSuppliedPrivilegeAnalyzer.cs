using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureRoutes.Analyzers.Infrastructure;
using SecureRoutes.Analyzers.Model;

namespace SecureRoutes.Analyzers.Rules;

/// <summary>
/// SR2001: a client-supplied privileged value (role, permission, admin flag…) reaches a sink without first passing
/// through a central policy check that gates the sink. Sinks: (a) a privileged member of persisted state, (b) a
/// condition decided by client data alone that denies or performs a privileged action, (c) ASP.NET Core Identity grants
/// and role claims, (d) object mappers and <c>TryUpdateModelAsync</c> that copy a privileged member.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ClientSuppliedPrivilegeAnalyzer : DiagnosticAnalyzer
{
    private static readonly ImmutableHashSet<string> GrantMethods = ImmutableHashSet.Create(StringComparer.Ordinal,
        "AddToRoleAsync", "AddToRolesAsync", "AddClaimAsync", "AddClaimsAsync", "ReplaceClaimAsync");

    private static readonly ImmutableHashSet<string> DenyMethods = ImmutableHashSet.Create(StringComparer.Ordinal,
        "Forbid", "Unauthorized", "Challenge", "Forbidden");

    private static readonly ImmutableHashSet<string> PersistMethods = ImmutableHashSet.Create(StringComparer.Ordinal,
        "Add", "AddAsync", "AddRange", "AddRangeAsync", "Update", "UpdateRange", "Attach", "AttachRange", "CreateAsync", "UpdateAsync");

    private static readonly ImmutableHashSet<string> PersistVerbs = ImmutableHashSet.Create(StringComparer.Ordinal,
        "add", "create", "insert", "update", "save", "upsert", "persist", "store", "register");

    private static readonly string[] StoreTypeSuffixes = { "Repository", "Repo", "Store", "Dao", "UnitOfWork", "Context", "Db" };

    private static readonly string[] PrivilegeVerbs = { "role", "roles", "permission", "permissions", "grant", "promote", "elevate", "admin", "claim", "claims", "scope", "scopes" };

    /// <summary>Diagnostic property: the kind of sink (<see cref="StoreSink"/>, <see cref="GrantSink"/>, <see cref="DecisionSink"/>, <see cref="MapperSink"/>).</summary>
    public const string SinkKindProperty = "SinkKind";
    public const string StoreSink = "Store";
    public const string GrantSink = "Grant";
    public const string DecisionSink = "Decision";
    public const string MapperSink = "Mapper";
    public const string CallSink = "Call";

    /// <summary>
    /// Diagnostic property of a decision that denies: "True" when the branch taken on a true condition denies
    /// (<c>if (request.ActorRole != OrgRole.Owner) return Forbid();</c>), "False" when the other one does.
    /// Absent for decisions that grant. The "Use the persisted role" fix replaces the condition accordingly.
    /// </summary>
    public const string DeniesWhenProperty = "DeniesWhen";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.SR2001ClientSuppliedPrivilege);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        // Security rule: analyze and report in generated code too (NetAnalyzers' choice), see rules/SR2001.md.
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.RegisterCompilationStartAction(start =>
        {
            var model = SecureRoutesModel.TryCreate(start.Compilation, start.Options);
            if (model is null) return;
            var summaries = new Summaries(model);
            EndpointActions.Register(start, model, (body, report, ct) => new Analysis(model, summaries, body, ct).Run(report));
        });
    }

    /// <summary>One place a client value reaches a sink inside a called method: which parameter, which member path of it, and what happens.</summary>
    private sealed class SummaryEntry
    {
        public SummaryEntry(int ordinal, string suffix, string description, string kind)
        {
            Ordinal = ordinal;
            Suffix = suffix;
            Description = description;
            Kind = kind;
        }

        public int Ordinal { get; }

        /// <summary>The member path after the parameter (<c>.Role</c>), or empty.</summary>
        public string Suffix { get; }

        public string Description { get; }

        public string Kind { get; }
    }

    /// <summary>
    /// Per compilation: for each source method an endpoint calls (services, mapping helpers, constructors), which of its
    /// parameters reach an SR2001 sink inside it without a policy check. Summarised once, two calls deep; interface and
    /// abstract methods use their source implementations.
    /// </summary>
    private sealed class Summaries
    {
        public const int MaxDepth = 2;
        private readonly SecureRoutesModel _model;
        // Keyed by method and depth: a summary made at the last depth does not follow calls, so it must not serve a shallower one.
        private readonly System.Collections.Concurrent.ConcurrentDictionary<(IMethodSymbol Method, int Depth), ImmutableArray<SummaryEntry>> _cache = new(new MethodDepthComparer());
        private readonly Lazy<ImmutableArray<INamedTypeSymbol>> _sourceTypes;

        public Summaries(SecureRoutesModel model)
        {
            _model = model;
            _sourceTypes = new Lazy<ImmutableArray<INamedTypeSymbol>>(() => SourceTypes(model.Compilation.Assembly.GlobalNamespace).ToImmutableArray(), LazyThreadSafetyMode.ExecutionAndPublication);
        }

        private static IEnumerable<INamedTypeSymbol> SourceTypes(INamespaceSymbol ns)
        {
            foreach (var member in ns.GetMembers())
            {
                if (member is INamespaceSymbol child)
                {
                    foreach (var t in SourceTypes(child)) yield return t;
                }
                else if (member is INamedTypeSymbol type && type.TypeKind == TypeKind.Class && !type.IsAbstract)
                {
                    yield return type;
                }
            }
        }

        private readonly System.Collections.Concurrent.ConcurrentDictionary<IMethodSymbol, ImmutableArray<IMethodSymbol>> _targets = new(SymbolEqualityComparer.Default);

        /// <summary>The source bodies a call can run: the method itself, or the implementations of an interface / abstract method (memoized).</summary>
        public ImmutableArray<IMethodSymbol> Targets(IMethodSymbol method) =>
            _targets.GetOrAdd(method.OriginalDefinition, m => FindTargets(m).ToImmutableArray());

        /// <summary>
        /// <c>mediator.Send(command)</c> (MediatR's IMediator/ISender/IPublisher, or any Send/Publish whose first parameter is
        /// object or generic): the <c>Handle</c> methods of source handlers whose request type is the argument's type.
        /// Send(request, ct) and Handle(request, ct) line up by position, so summaries apply unchanged.
        /// </summary>
        public ImmutableArray<IMethodSymbol> DispatchTargets(IMethodSymbol method, ITypeSymbol? requestType)
        {
            if (requestType is null || requestType.SpecialType != SpecialType.None || method.Name is not ("Send" or "Publish" or "SendAsync" or "PublishAsync")) return ImmutableArray<IMethodSymbol>.Empty;
            if (method.ContainingType?.ContainingNamespace?.ToDisplayString() is not { } ns || !(ns == "MediatR" || ns.StartsWith("MediatR.", StringComparison.Ordinal))) return ImmutableArray<IMethodSymbol>.Empty;
            var key = requestType.OriginalDefinition;
            return _dispatch.GetOrAdd(key, t => FindHandlers(t).ToImmutableArray());
        }

        private readonly System.Collections.Concurrent.ConcurrentDictionary<ITypeSymbol, ImmutableArray<IMethodSymbol>> _dispatch = new(SymbolEqualityComparer.Default);

        private IEnumerable<IMethodSymbol> FindHandlers(ITypeSymbol requestType)
        {
            foreach (var type in _sourceTypes.Value)
            {
                foreach (var iface in type.AllInterfaces)
                {
                    if (iface.Name is not ("IRequestHandler" or "INotificationHandler") || iface.TypeArguments.Length == 0) continue;
                    if (!SymbolEqualityComparer.Default.Equals(iface.TypeArguments[0].OriginalDefinition, requestType)) continue;
                    foreach (var handle in iface.GetMembers("Handle").OfType<IMethodSymbol>())
                    {
                        if (type.FindImplementationForInterfaceMember(handle) is IMethodSymbol implementation && implementation.IsInSource())
                        {
                            yield return implementation.OriginalDefinition;
                        }
                    }
                }
            }
        }

        private IEnumerable<IMethodSymbol> FindTargets(IMethodSymbol method)
        {
            method = method.ReducedFrom ?? method;
            if (!method.IsInSource() || method.IsFrameworkNamespace()) yield break;
            if (!method.IsAbstract && method.ContainingType.TypeKind != TypeKind.Interface)
            {
                yield return method.OriginalDefinition;
                yield break;
            }
            var count = 0;
            foreach (var type in _sourceTypes.Value)
            {
                IMethodSymbol? implementation = null;
                if (method.ContainingType.TypeKind == TypeKind.Interface)
                {
                    if (!type.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i.OriginalDefinition, method.ContainingType.OriginalDefinition))) continue;
                    implementation = type.FindImplementationForInterfaceMember(method) as IMethodSymbol;
                }
                else if (type.InheritsFromOrEquals(method.ContainingType.OriginalDefinition))
                {
                    implementation = type.GetMembers(method.Name).OfType<IMethodSymbol>().FirstOrDefault(m => m.IsOverride && m.Parameters.Length == method.Parameters.Length);
                }
                if (implementation is null || !implementation.IsInSource()) continue;
                yield return implementation.OriginalDefinition;
                if (++count >= 4) yield break;
            }
        }

        public ImmutableArray<SummaryEntry> Of(IMethodSymbol method, int depth, CancellationToken cancellationToken)
        {
            if (depth > MaxDepth || method.Parameters.Length == 0) return ImmutableArray<SummaryEntry>.Empty;
            if (_cache.TryGetValue((method, depth), out var known)) return known;
            // No provisional entry: recursion ends at MaxDepth, and a result never depends on which thread asked first
            // (two threads may both compute a summary; they compute the same one).
            // Read before binding: a callee that mentions no privilege, mapper or dispatch cannot reach a sink.
            var graph = _model.Privileges.MayTouchPrivilege(method) ? _model.GetGraph(method, cancellationToken) : null;
            var result = ImmutableArray<SummaryEntry>.Empty;
            if (graph?.OriginalOperation is { } body)
            {
                var analysis = new Analysis(_model, this, method, body, () => graph, depth, cancellationToken);
                result = analysis.Summarize(method);
            }
            return _cache.GetOrAdd((method, depth), result);
        }

        private sealed class MethodDepthComparer : IEqualityComparer<(IMethodSymbol Method, int Depth)>
        {
            public bool Equals((IMethodSymbol Method, int Depth) x, (IMethodSymbol Method, int Depth) y) =>
                x.Depth == y.Depth && SymbolEqualityComparer.Default.Equals(x.Method, y.Method);

            public int GetHashCode((IMethodSymbol Method, int Depth) obj) => SymbolEqualityComparer.Default.GetHashCode(obj.Method) * 31 + obj.Depth;
        }
    }

    private sealed class Analysis
    {
        private readonly SecureRoutesModel _model;
        private readonly Summaries _summaries;
        private readonly Endpoint? _endpoint;
        private readonly IOperation _root;
        private readonly Func<ControlFlowGraph?> _graph;
        private readonly int _depth;
        private readonly CancellationToken _cancellationToken;
        private readonly ClientValues _values;
        private readonly SyntaxTree? _tree;
        private readonly List<Sink> _sinks = new();
        private readonly HashSet<ISymbol> _persistedHolders = new(SymbolEqualityComparer.Default);
        private readonly HashSet<IOperation> _persistedCreations = new();
        private readonly List<IInvocationOperation> _invocations = new();
        private readonly Dictionary<IInvocationOperation, bool> _isPolicyCall = new();
        private List<IInvocationOperation>? _policyCalls;
        private readonly EndpointBody? _endpointBody;

        public Analysis(SecureRoutesModel model, Summaries summaries, EndpointBody body, CancellationToken cancellationToken)
        {
            _model = model;
            _summaries = summaries;
            _endpointBody = body;
            _endpoint = body.Endpoint;
            _root = body.Body;
            _graph = () => body.Graph;
            _depth = 0;
            _cancellationToken = cancellationToken;
            _tree = body.Endpoint.Location.SourceTree;
            _values = ClientValues.Track(model, body.Endpoint, body.Body);
        }

        /// <summary>A method an endpoint calls, with every parameter as a possible client value.</summary>
        public Analysis(SecureRoutesModel model, Summaries summaries, IMethodSymbol method, IOperation body, Func<ControlFlowGraph?> graph, int depth, CancellationToken cancellationToken)
        {
            _model = model;
            _summaries = summaries;
            _root = body;
            _graph = graph;
            _depth = depth;
            _cancellationToken = cancellationToken;
            _tree = body.Syntax.SyntaxTree;
            _values = ClientValues.ForParameters(model, method, body, _tree);
        }

        private KnownTypes Types => _model.Types;

        public void Run(Action<Diagnostic> report)
        {
            var endpoint = _endpoint!;
            if (endpoint.HasRoleOrPolicyRestriction && _tree is not null && !_model.Option(_tree, OptionKeys.SR2001CheckRoleRestricted)) return;
            if (_endpointBody!.HasErrors) return;
            var reported = new HashSet<SyntaxNode>();
            foreach (var sink in OpenSinks())
            {
                if (!reported.Add(sink.Location)) continue;
                var properties = ImmutableDictionary<string, string?>.Empty.Add(SinkKindProperty, sink.Kind);
                if (sink.DeniesWhen is { } deniesWhen) properties = properties.Add(DeniesWhenProperty, deniesWhen ? "True" : "False");
                report(Diagnostic.Create(Descriptors.SR2001ClientSuppliedPrivilege, sink.Location.GetLocation(), properties,
                    sink.Value.Display, sink.Value.Origin, sink.Description));
            }
        }

        /// <summary>The summary of a called method: its sinks whose value comes from a parameter.</summary>
        public ImmutableArray<SummaryEntry> Summarize(IMethodSymbol method)
        {
            if (_root.DescendantsAndSelf().Any(o => o is IInvalidOperation)) return ImmutableArray<SummaryEntry>.Empty;
            var result = ImmutableArray.CreateBuilder<SummaryEntry>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var sink in OpenSinks())
            {
                if (sink.Value.Root is not { } root || !SymbolEqualityComparer.Default.Equals(root.ContainingSymbol, method)) continue;
                var suffix = sink.Value.Display.StartsWith(root.Name, StringComparison.Ordinal) ? sink.Value.Display.Substring(root.Name.Length) : "";
                if (!seen.Add(root.Ordinal + suffix + sink.Description)) continue;
                result.Add(new SummaryEntry(root.Ordinal, suffix, sink.Description, sink.Kind));
            }
            return result.ToImmutable();
        }

        /// <summary>Sinks not covered by a policy check, in source order.</summary>
        private IEnumerable<Sink> OpenSinks()
        {
            var operations = _root.DescendantsAndSelf().ToList();
            foreach (var op in operations)
            {
                if (op is IInvocationOperation invocation)
                {
                    _invocations.Add(invocation);
                    CollectPersisted(invocation);
                }
            }
            foreach (var op in operations)
            {
                switch (op)
                {
                    case ISimpleAssignmentOperation assignment:
                        CheckStore(assignment);
                        break;
                    case IObjectCreationOperation creation:
                        CheckConstructor(creation);
                        CheckClaim(creation);
                        if (creation.Constructor is { } constructor) CheckCall(creation, constructor, creation.Arguments);
                        break;
                    case IInvocationOperation invocation:
                        CheckGrant(invocation);
                        CheckMapper(invocation);
                        CheckEntityMethod(invocation);
                        CheckCall(invocation, invocation.TargetMethod, invocation.Arguments);
                        break;
                    case IConditionalOperation conditional:
                        CheckDecision(conditional);
                        break;
                }
            }
            if (_sinks.Count == 0) yield break;

            var graph = _graph();
            var guards = graph is null ? null : new FlowGuards(graph, _model.Policies.Classify, _cancellationToken);
            foreach (var sink in _sinks.OrderBy(s => s.Location.SpanStart))
            {
                if (PassesPolicy(sink, guards)) continue;
                yield return sink;
            }
        }

        /// <summary>
        /// The client value at a member path of an argument: the argument itself (<c>command</c> + <c>.Role</c>), or the
        /// constructor argument / initializer of an object built at the call (<c>new CreateInvite(request.Email, request.Role)</c>).
        /// </summary>
        private (ClientValue? Value, SyntaxNode? Location) ValueAtPath(IOperation argument, string suffix, int depth)
        {
            var direct = _values.ValueOf(argument);
            if (direct is not null) return (direct.With(direct.Display + suffix, true), argument.Syntax);
            if (depth > 3 || suffix.Length < 2 || suffix[0] != '.') return (null, null);
            var rest = suffix.Substring(1);
            var dot = rest.IndexOf('.');
            var first = dot < 0 ? rest : rest.Substring(0, dot);
            var remainder = dot < 0 ? "" : rest.Substring(dot);
            if (argument.WithoutConversions() is not IObjectCreationOperation creation) return (null, null);
            foreach (var constructorArgument in creation.Arguments)
            {
                if (string.Equals(constructorArgument.Parameter?.Name, first, StringComparison.OrdinalIgnoreCase)) return ValueAtPath(constructorArgument.Value, remainder, depth + 1);
            }
            foreach (var initializer in creation.Initializer?.Initializers ?? ImmutableArray<IOperation>.Empty)
            {
                if (initializer is ISimpleAssignmentOperation { Target: IMemberReferenceOperation target } assignment && target.Member.Name == first)
                {
                    return ValueAtPath(assignment.Value, remainder, depth + 1);
                }
            }
            return (null, null);
        }

        /// <summary>A call into a source method whose summary says a parameter reaches a sink: the argument the client sent is reported here.</summary>
        private void CheckCall(IOperation call, IMethodSymbol method, ImmutableArray<IArgumentOperation> arguments)
        {
            if (_depth >= Summaries.MaxDepth || arguments.Length == 0) return;
            // Only calls that receive a client value (also inside an argument built here) need a summary.
            if (!arguments.Any(a => _values.ValueOf(a.Value) is not null || a.Value.WithoutConversions() is IObjectCreationOperation)) return;
            var requestType = arguments.Length > 0 ? arguments[0].Value.WithoutConversions().Type : null;
            List<(SyntaxNode Location, ClientValue Value, string Description)>? found = null;
            foreach (var target in _summaries.Targets(method).Concat(_summaries.DispatchTargets(method, requestType)))
            {
                foreach (var entry in _summaries.Of(target, _depth + 1, _cancellationToken))
                {
                    var argument = arguments.FirstOrDefault(a => a.Parameter?.Ordinal == entry.Ordinal);
                    if (argument is null || argument.ArgumentKind == ArgumentKind.ParamArray) continue;
                    var (value, location) = ValueAtPath(argument.Value, entry.Suffix, 0);
                    if (value is null || location is null) continue;
                    var where = target.MethodKind == MethodKind.Constructor ? target.ContainingType.Name : target.ContainingType.Name + "." + target.Name;
                    (found ??= new()).Add((location, value, $"{entry.Description} in '{where}'"));
                }
            }
            // A policy call is not a sink. Asked last, and only here: classifying a call summarises the helpers it calls.
            if (found is null || (call is IInvocationOperation invocation && IsPolicyCall(invocation))) return;
            foreach (var (location, value, description) in found) Add(location, call.Syntax, value, description, CallSink);
        }

        // ------------------------------------------------------------ the policy exemption

        /// <summary>The value (or the object holding it) is an argument of a policy call, and a policy decision guards the sink on every path.</summary>
        private bool PassesPolicy(Sink sink, FlowGuards? guards)
        {
            var mentioned = false;
            foreach (var call in PolicyCalls())
            {
                foreach (var argument in call.Arguments)
                {
                    foreach (var op in argument.Value.DescendantsAndSelf())
                    {
                        var value = _values.ValueOf(op);
                        if (value is null) continue;
                        if (value.Display == sink.Value.Display || sink.Value.Display.StartsWith(value.Display + ".", StringComparison.Ordinal))
                        {
                            mentioned = true;
                            break;
                        }
                    }
                    if (mentioned) break;
                }
                if (mentioned) break;
            }
            if (!mentioned) return false;
            return guards is null || guards.IsGuarded(sink.Guarded);
        }

        /// <summary>
        /// The body's policy calls, classified on first use: only bodies with a sink need them, and classifying a call
        /// binds and summarises the source helpers it reaches.
        /// </summary>
        private List<IInvocationOperation> PolicyCalls() => _policyCalls ??= _invocations.Where(IsPolicyCall).ToList();

        private bool IsPolicyCall(IInvocationOperation invocation)
        {
            if (!_isPolicyCall.TryGetValue(invocation, out var isPolicy))
            {
                isPolicy = _model.Policies.Classify(invocation, _cancellationToken) != PolicyCallKind.None;
                _isPolicyCall[invocation] = isPolicy;
            }
            return isPolicy;
        }

        /// <summary>Objects a persist call (not a policy call) receives: assignments into them are stores.</summary>
        private void CollectPersisted(IInvocationOperation invocation)
        {
            if ((!IsPersistCall(invocation.TargetMethod) && !Entities.IsAddToStaticState(invocation)) || IsPolicyCall(invocation)) return;
            foreach (var argument in invocation.Arguments)
            {
                var value = argument.Value.WithoutConversions();
                switch (value)
                {
                    case ILocalReferenceOperation local: _persistedHolders.Add(local.Local); break;
                    case IParameterReferenceOperation parameter: _persistedHolders.Add(parameter.Parameter); break;
                    case IObjectCreationOperation creation: _persistedCreations.Add(creation); break;
                }
            }
        }

        private bool IsPersistCall(IMethodSymbol method)
        {
            var type = method.ContainingType;
            if (type is null) return false;
            if (type.InheritsFromOrEquals(Types.DbContext) || type.InheritsFromOrEquals(Types.DbSetOfT)
                || type.InheritsFromOrEquals(Types.UserManagerOfT) || type.InheritsFromOrEquals(Types.RoleManagerOfT))
            {
                return PersistMethods.Contains(method.Name);
            }
            if (method.IsFrameworkNamespace()) return false;
            var words = Names.Words(method.Name);
            if (words.Count > 0 && PersistVerbs.Contains(words[0])) return true;
            return StoreTypeSuffixes.Any(s => type.Name.EndsWith(s, StringComparison.Ordinal)) && words.Count > 0 && words[0] is not ("get" or "find" or "list" or "load");
        }

        // ------------------------------------------------------------ (a) stored in persisted state

        private void CheckStore(ISimpleAssignmentOperation assignment)
        {
            if (assignment.Target is not IMemberReferenceOperation { Member: IPropertySymbol or IFieldSymbol } target) return;
            if (!_model.Privileges.IsPrivilegedMember(target.Member, _tree)) return;
            var value = _values.ValueOf(assignment.Value);
            if (value is null) return;
            var holderType = PersistedHolder(target.Instance, assignment);
            if (holderType is null) return;
            Add(assignment.Value.Syntax, assignment.Syntax, value, $"is stored in '{holderType.Name}.{target.Member.Name}'");
        }

        /// <summary>The type of the persisted object an assignment writes into, or null when it is not persisted state.</summary>
        private ITypeSymbol? PersistedHolder(IOperation? instance, IOperation assignment)
        {
            instance = instance?.WithoutConversions();
            switch (instance)
            {
                case null:
                    return null;
                case IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver }:
                    // An object or with-initializer: the object being created.
                    for (var parent = assignment.Parent; parent is not null; parent = parent.Parent)
                    {
                        if (parent is IObjectCreationOperation creation)
                        {
                            return _model.Entities.IsEntity(creation.Type) || _persistedCreations.Contains(creation) || IsPersistedLocal(creation)
                                ? creation.Type
                                : null;
                        }
                        if (parent is IWithOperation with) return _model.Entities.IsEntity(with.Type) || IsPersistedLocal(with) ? with.Type : null;
                        if (parent is IAnonymousObjectCreationOperation) return null;
                    }
                    return null;
                case IInstanceReferenceOperation:
                    return null;
            }
            if (_values.ValueOf(instance) is not null) return null; // writing into the request model itself
            if (_model.Entities.IsEntity(instance.Type) || Entities.IsStaticState(instance)) return instance.Type;
            var holder = instance switch
            {
                ILocalReferenceOperation l => (ISymbol)l.Local,
                IParameterReferenceOperation p => p.Parameter,
                _ => null,
            };
            return holder is not null && _persistedHolders.Contains(holder) ? instance.Type : null;
        }

        /// <summary><c>var user = new User { … }; repository.Add(user);</c></summary>
        private bool IsPersistedLocal(IOperation created)
        {
            var current = created;
            while (current.Parent is IConversionOperation or IAwaitOperation or IParenthesizedOperation) current = current.Parent;
            return current.Parent switch
            {
                IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => _persistedHolders.Contains(declarator.Symbol),
                ISimpleAssignmentOperation { Target: ILocalReferenceOperation local } => _persistedHolders.Contains(local.Local),
                ISimpleAssignmentOperation { Target: var target } => Entities.IsStaticState(target),
                _ => false,
            };
        }

        /// <summary><c>new Member(orgId, userId, request.Role)</c> for an entity.</summary>
        private void CheckConstructor(IObjectCreationOperation creation)
        {
            if (creation.Type is not INamedTypeSymbol type || !_model.Entities.IsEntity(type)) return;
            foreach (var argument in creation.Arguments)
            {
                if (argument.Parameter is not { } parameter) continue;
                var value = _values.ValueOf(argument.Value);
                if (value is null || !(value.IsPrivileged || _model.Privileges.IsPrivilegedMember(parameter, _tree))) continue;
                var member = type.GetMembers().FirstOrDefault(m => m is IPropertySymbol or IFieldSymbol && string.Equals(m.Name, parameter.Name, StringComparison.OrdinalIgnoreCase));
                Add(argument.Value.Syntax, creation.Syntax, value, $"is stored in '{type.Name}.{member?.Name ?? parameter.Name}'");
            }
        }

        /// <summary><c>member.ChangeRole(request.Role)</c> on an entity.</summary>
        private void CheckEntityMethod(IInvocationOperation invocation)
        {
            if (invocation.Instance is null || !_model.Entities.IsEntity(invocation.Instance.Type) || !invocation.TargetMethod.IsInSource()) return;
            var words = Names.Words(invocation.TargetMethod.Name);
            if (!words.Any(w => PrivilegeVerbs.Contains(w))) return;
            foreach (var argument in invocation.Arguments)
            {
                var value = _values.ValueOf(argument.Value);
                if (value is null || !value.IsPrivileged) continue;
                Add(argument.Value.Syntax, invocation.Syntax, value, $"is stored in '{invocation.Instance.Type!.Name}' by '{invocation.TargetMethod.Name}'");
            }
        }

        // ------------------------------------------------------------ (c) identity grants and claims

        private void CheckGrant(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            if (!GrantMethods.Contains(method.Name)) return;
            var type = method.ContainingType;
            if (!type.InheritsFromOrEquals(Types.UserManagerOfT) && !type.InheritsFromOrEquals(Types.RoleManagerOfT)) return;
            foreach (var argument in invocation.Arguments.Skip(1))
            {
                if (argument.Value.WithoutConversions() is IObjectCreationOperation or IArrayCreationOperation) continue; // claims are checked where they are created
                var value = _values.ValueOf(argument.Value);
                if (value is null) continue;
                Add(argument.Value.Syntax, invocation.Syntax, value, $"is granted by '{method.Name}'");
            }
        }

        /// <summary><c>new Claim(ClaimTypes.Role, request.Role)</c>.</summary>
        private void CheckClaim(IObjectCreationOperation creation)
        {
            if (creation.Type?.Name != "Claim" || creation.Type.ContainingNamespace?.ToDisplayString() != "System.Security.Claims") return;
            if (creation.Arguments.Length < 2) return;
            var claimType = creation.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string s } ? s : null;
            var typeIsPrivileged = claimType is not null && _model.Privileges.IsPrivilegedName(LastSegment(claimType), null);
            var value = _values.ValueOf(creation.Arguments[1].Value);
            if (value is null || !(typeIsPrivileged || value.IsPrivileged)) return;
            Add(creation.Arguments[1].Value.Syntax, creation.Syntax, value, $"is put in a '{(claimType is null ? "claim" : LastSegment(claimType))}' claim");
        }

        private static string LastSegment(string text)
        {
            var slash = text.LastIndexOf('/');
            return slash >= 0 ? text.Substring(slash + 1) : text;
        }

        // ------------------------------------------------------------ (d) mappers

        private void CheckMapper(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            var ns = method.ContainingType?.ContainingNamespace?.ToDisplayString();
            if (method.Name == "TryUpdateModelAsync" && method.IsFrameworkNamespace())
            {
                CheckTryUpdateModel(invocation);
                return;
            }
            IOperation? source;
            ITypeSymbol? destination;
            if (method.Name == "Map" && ns is not null && (ns == "AutoMapper" || ns.StartsWith("AutoMapper.", StringComparison.Ordinal)))
            {
                source = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "source")?.Value;
                destination = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "destination")?.Value is { } d ? d.WithoutConversions().Type : method.ReturnType;
            }
            else if (method.Name == "Adapt" && ns is not null && (ns == "Mapster" || ns.StartsWith("Mapster.", StringComparison.Ordinal)))
            {
                source = method.IsExtensionMethod || method.IsStatic ? invocation.Arguments.FirstOrDefault()?.Value : invocation.Instance;
                var destinationArgument = invocation.Arguments.Skip(1).FirstOrDefault()?.Value;
                destination = destinationArgument is not null && destinationArgument.WithoutConversions().Type is { SpecialType: SpecialType.None } t ? t : method.ReturnType;
            }
            else
            {
                return;
            }
            if (source is null || destination is null || destination.SpecialType != SpecialType.None || destination.TypeKind == TypeKind.TypeParameter) return;
            var value = _values.ValueOf(source);
            var sourceType = source.WithoutConversions().Type;
            if (value is null || sourceType is null) return;
            var destinationMembers = Entities.SettableProperties(destination).Select(p => p.Name).ToImmutableHashSet(StringComparer.Ordinal);
            foreach (var property in _model.Privileges.PrivilegedProperties(sourceType, _tree))
            {
                if (!destinationMembers.Contains(property.Name)) continue;
                var member = value.With(value.Display + "." + property.Name, true);
                Add(invocation.Syntax, invocation.Syntax, member, $"is mapped onto '{destination.Name}.{property.Name}' by '{method.Name}'");
                return;
            }
        }

        /// <summary><c>TryUpdateModelAsync(member)</c> without an include list binds every settable member from the request.</summary>
        private void CheckTryUpdateModel(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            if (method.Parameters.Any(p => p.Name is "includeExpressions" or "propertyFilter")) return;
            var modelArgument = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "model");
            var type = method.IsGenericMethod ? method.TypeArguments[0] : modelArgument is null ? null : modelArgument.Value.WithoutConversions().Type;
            if (type is null || type.SpecialType != SpecialType.None) return;
            var bindNever = Types.BindNeverAttribute;
            var property = Entities.SettableProperties(type).FirstOrDefault(p => !p.HasAttribute(bindNever) && _model.Privileges.IsPrivilegedMember(p, _tree));
            if (property is null) return;
            var origin = _endpoint?.Kind == EndpointKind.MinimalApi ? "request" : "form";
            Add(invocation.Syntax, invocation.Syntax, new ClientValue(property.Name, origin, true), $"is bound onto '{type.Name}.{property.Name}' by '{method.Name}'");
        }

        // ------------------------------------------------------------ (b) decisions

        /// <summary>
        /// <c>if (request.ActorRole != OrgRole.Owner) return Forbid();</c> or <c>if (request.IsAdmin) AddToRoleAsync(…)</c>: the
        /// condition reads a privileged client value and nothing the server knows (only constants), and a branch denies
        /// or performs a privileged action. Conditions that also read server state are inline checks (SR1002's concern).
        /// </summary>
        private void CheckDecision(IConditionalOperation conditional)
        {
            var condition = conditional.Condition;
            if (!IsClientOnly(condition)) return;
            var (location, value) = PrivilegedReference(condition);
            if (location is null || value is null) return;
            var whenTrue = Consequence(conditional.WhenTrue);
            var action = whenTrue ?? Consequence(conditional.WhenFalse);
            if (action is null) return;
            bool? deniesWhen = action.StartsWith("decides access", StringComparison.Ordinal) ? whenTrue is not null : null;
            Add(location, conditional.Syntax, value, action, deniesWhen: deniesWhen);
        }

        private bool IsClientOnly(IOperation operation)
        {
            if (operation.ConstantValue.HasValue) return true;
            switch (operation)
            {
                case IConversionOperation c: return IsClientOnly(c.Operand);
                case IParenthesizedOperation p: return IsClientOnly(p.Operand);
                case IBinaryOperation b: return IsClientOnly(b.LeftOperand) && IsClientOnly(b.RightOperand);
                case IUnaryOperation u: return IsClientOnly(u.Operand);
                case IIsPatternOperation pattern: return IsClientOnly(pattern.Value);
                case IDefaultValueOperation: return true;
                case IMemberReferenceOperation { Instance: null }: return true; // static data the server holds (Roles.Admin)
                case IInvocationOperation invocation:
                    if (_values.ValueOf(invocation) is null) return false;
                    return (invocation.Instance is null || IsClientOnly(invocation.Instance))
                        && invocation.Arguments.All(a => IsClientOnly(a.Value));
                case IArgumentOperation argument: return IsClientOnly(argument.Value);
                case IParameterReferenceOperation or ILocalReferenceOperation or IMemberReferenceOperation:
                    return _values.ValueOf(operation) is not null;
                default:
                    return false;
            }
        }

        private (SyntaxNode? Location, ClientValue? Value) PrivilegedReference(IOperation condition)
        {
            foreach (var op in condition.DescendantsAndSelf())
            {
                if (op is not (IParameterReferenceOperation or ILocalReferenceOperation or IMemberReferenceOperation)) continue;
                var value = _values.ValueOf(op);
                if (value is { IsPrivileged: true }) return (op.Syntax, value);
            }
            return (null, null);
        }

        /// <summary>What a branch does that makes its condition an authorization decision, or null.</summary>
        private string? Consequence(IOperation? branch)
        {
            if (branch is null) return null;
            foreach (var op in branch.DescendantsAndSelf())
            {
                switch (op)
                {
                    case IInvocationOperation invocation when IsDenyCall(invocation):
                        return $"decides access ('{invocation.TargetMethod.Name}')";
                    case IObjectCreationOperation creation when creation.Type?.Name is "ForbidResult" or "UnauthorizedResult" or "ChallengeResult" or "UnauthorizedObjectResult":
                        return $"decides access ('{creation.Type.Name}')";
                    case IThrowOperation { Exception: { } exception } when IsDenyException(exception.WithoutConversions().Type):
                        return $"decides access ('{exception.WithoutConversions().Type!.Name}')";
                    case IInvocationOperation invocation when GrantMethods.Contains(invocation.TargetMethod.Name)
                        && (invocation.TargetMethod.ContainingType.InheritsFromOrEquals(Types.UserManagerOfT) || invocation.TargetMethod.ContainingType.InheritsFromOrEquals(Types.RoleManagerOfT)):
                        return $"decides '{invocation.TargetMethod.Name}'";
                    case ISimpleAssignmentOperation { Target: IMemberReferenceOperation target } assignment
                        when _model.Privileges.IsPrivilegedMember(target.Member, _tree) && PersistedHolder(target.Instance, assignment) is { } holder:
                        return $"decides '{holder.Name}.{target.Member.Name}'";
                }
            }
            return null;
        }

        private static bool IsDenyCall(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            if (DenyMethods.Contains(method.Name)) return true;
            // RedirectToAction("Login"), RedirectToPage("/Account/AccessDenied"), LocalRedirect("/signin"): sent away to sign in.
            if (method.Name.StartsWith("Redirect", StringComparison.Ordinal) || method.Name.StartsWith("LocalRedirect", StringComparison.Ordinal))
            {
                return invocation.Arguments.Any(a => a.Value.ConstantValue is { HasValue: true, Value: string target } && IsSignInTarget(target));
            }
            if (method.Name is "StatusCode" or "Problem" or "StatusCodeResult")
            {
                return invocation.Arguments.Any(a => a.Value.ConstantValue is { HasValue: true, Value: 401 or 403 });
            }
            return false;
        }

        private static bool IsSignInTarget(string target)
        {
            var lower = target.ToLowerInvariant();
            return lower.Contains("login") || lower.Contains("signin") || lower.Contains("sign-in") || lower.Contains("logon")
                || lower.Contains("denied") || lower.Contains("forbidden") || lower.Contains("unauthori");
        }

        private static bool IsDenyException(ITypeSymbol? type)
        {
            for (var t = type; t is not null; t = t.BaseType)
            {
                var words = Names.Words(t.Name);
                if (words.Any(w => w is "unauthorized" or "unauthorised" or "forbidden" or "security" or "permission" or "authorization" or "authorisation")
                    || (words.Contains("access") && words.Contains("denied")))
                {
                    return true;
                }
            }
            return false;
        }

        // ------------------------------------------------------------ helpers

        private void Add(SyntaxNode location, SyntaxNode guarded, ClientValue value, string description, string? kindOverride = null, bool? deniesWhen = null)
        {
            var kind = kindOverride ?? (description.StartsWith("is stored", StringComparison.Ordinal) ? StoreSink
                : description.StartsWith("is granted", StringComparison.Ordinal) || description.StartsWith("is put", StringComparison.Ordinal) ? GrantSink
                : description.StartsWith("decides", StringComparison.Ordinal) ? DecisionSink
                : MapperSink);
            _sinks.Add(new Sink(location, guarded, value, description, kind, deniesWhen));
        }

    }

    private sealed class Sink
    {
        public Sink(SyntaxNode location, SyntaxNode guarded, ClientValue value, string description, string kind, bool? deniesWhen)
        {
            DeniesWhen = deniesWhen;
            Location = location;
            Guarded = guarded;
            Value = value;
            Description = description;
            Kind = kind;
        }

        public string Kind { get; }

        /// <summary>Where to report: the client value at the sink.</summary>
        public SyntaxNode Location { get; }

        /// <summary>The operation that must be guarded by the policy decision.</summary>
        public SyntaxNode Guarded { get; }

        public ClientValue Value { get; }

        public string Description { get; }

        /// <summary>For a decision that denies: whether the true branch is the one that denies.</summary>
        public bool? DeniesWhen { get; }
    }
}
