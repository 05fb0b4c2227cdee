using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureRoutes.Analyzers.Infrastructure;

namespace SecureRoutes.Analyzers.Model;

/// <summary>How strongly a result or statement says "no".</summary>
internal enum DenyKind
{
    None,

    /// <summary><c>NotFound()</c> and 404s: a deny only when the condition involves the caller (hiding a resource from them).</summary>
    NotFound,

    /// <summary><c>Forbid()</c>, <c>Unauthorized()</c>, <c>Challenge()</c>, 401/403 status codes, access exceptions.</summary>
    Strong,
}

/// <summary>What kind of authorization fact a condition reads.</summary>
internal enum DecisionKind
{
    /// <summary><c>User.IsInRole</c>, <c>HasClaim</c>, claim reads other than the user id.</summary>
    RoleOrClaim,

    /// <summary>A resource member compared with the caller's identity (<c>invite.InvitedBy != currentUserId</c>).</summary>
    Ownership,

    /// <summary>A lookup scoped to the caller (<c>db.Members.AnyAsync(m =&gt; m.UserId == userId …)</c>) used as the check.</summary>
    CallerScopedAccess,

    /// <summary>A role, status or permission value compared with a constant (<c>member.Role == OrgRole.Owner</c>).</summary>
    RoleOrStatus,

    /// <summary>A permission-like flag (<c>member.IsAdmin</c>, <c>account.IsSuspended</c>).</summary>
    PermissionFlag,
}

/// <summary>One authorization fact found in a condition, with a short description for messages.</summary>
internal readonly struct DecisionFact
{
    public DecisionFact(DecisionKind kind, string description, IOperation? subject = null)
    {
        Kind = kind;
        Description = description;
        Subject = subject;
    }

    public DecisionKind Kind { get; }

    public string Description { get; }

    /// <summary>The member a role, status or flag fact reads (<c>actor.Role</c>, <c>request.IsAdmin</c>); null for other facts.</summary>
    public IOperation? Subject { get; }

    /// <summary>The fact is about who the caller is (not only about the resource's state).</summary>
    public bool InvolvesCaller => Kind is DecisionKind.RoleOrClaim or DecisionKind.Ownership or DecisionKind.CallerScopedAccess;
}

/// <summary>
/// Answers two questions for rules that look at authorization written by hand: "is this condition an authorization
/// decision?" (role and claim checks, persisted role/status comparisons, ownership comparisons against the caller,
/// caller-scoped lookups) and "is this a deny result?" (<c>Forbid()</c>, <c>Unauthorized()</c>, <c>Challenge()</c>,
/// <c>Results.Forbid()</c>, 401/403 status codes, access exceptions; <c>NotFound()</c> as a weak deny).
/// Symbols first (ClaimsPrincipal, ASP.NET Core result types), names as the fallback for domain members.
/// </summary>
internal sealed class AuthorizationDecisions
{
    private const int MaxLocalDepth = 3;

    private static readonly ImmutableHashSet<string> RoleWords = ImmutableHashSet.Create(StringComparer.Ordinal,
        "role", "roles", "status", "state", "permission", "permissions", "privilege", "privileges", "level", "tier",
        "access", "rank", "scope", "scopes", "membership", "grant");

    private static readonly ImmutableHashSet<string> FlagWords = ImmutableHashSet.Create(StringComparer.Ordinal,
        "admin", "administrator", "owner", "manager", "staff", "superuser", "moderator", "active", "inactive", "suspended",
        "banned", "blocked", "locked", "disabled", "enabled", "member", "privileged", "elevated", "approved", "verified");

    /// <summary>Claim types that identify the user rather than grant anything.</summary>
    private static readonly ImmutableHashSet<string> IdentityClaimNames = ImmutableHashSet.Create(StringComparer.OrdinalIgnoreCase,
        "NameIdentifier", "Name", "Email", "Sid", "Upn", "sub", "name", "email", "oid", "nameid", "unique_name",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress");

    private readonly SecureRoutesModel _model;

    public AuthorizationDecisions(SecureRoutesModel model) => _model = model;

    private KnownTypes Types => _model.Types;

    // ------------------------------------------------------------------ deny results

    /// <summary>
    /// How a branch of an <c>if</c> (or a ternary arm) denies: its own statement, or one of the statements directly in its
    /// block (not inside nested conditionals or loops, which make their own decisions).
    /// </summary>
    public DenyKind DenyOfBranch(IOperation? branch, out IOperation? denySite)
    {
        denySite = null;
        if (branch is null) return DenyKind.None;
        var result = DenyKind.None;
        IEnumerable<IOperation> statements = branch is IBlockOperation block ? block.Operations : new[] { branch };
        foreach (var statement in statements)
        {
            var kind = DenyOfStatement(statement, out var site);
            if (kind > result)
            {
                result = kind;
                denySite = site;
            }
            if (result == DenyKind.Strong) break;
        }
        return result;
    }

    /// <summary>A <c>return</c>, <c>throw</c> or expression statement (or a bare value) that denies.</summary>
    public DenyKind DenyOfStatement(IOperation statement, out IOperation? denySite)
    {
        denySite = null;
        DenyKind kind;
        switch (statement)
        {
            case IReturnOperation { ReturnedValue: { } value }:
                kind = DenyOfValue(value);
                if (kind != DenyKind.None) denySite = value;
                return kind;
            case IThrowOperation throwOperation:
                kind = IsAccessException(throwOperation.Exception) ? DenyKind.Strong : DenyKind.None;
                if (kind != DenyKind.None) denySite = throwOperation;
                return kind;
            case IExpressionStatementOperation expression:
                return DenyOfStatement(expression.Operation, out denySite);
            case IBlockOperation nested:
                return DenyOfBranch(nested, out denySite);
            default:
                kind = DenyOfValue(statement);
                if (kind != DenyKind.None) denySite = statement;
                return kind;
        }
    }

    /// <summary>A value or call that denies: <c>Forbid()</c>, <c>Results.Forbid()</c>, <c>StatusCode(403)</c>, <c>new ForbidResult()</c>, <c>Response.StatusCode = 403</c>, <c>await HttpContext.ForbidAsync()</c>.</summary>
    public DenyKind DenyOfValue(IOperation value)
    {
        value = Unwrap(value);
        switch (value)
        {
            case IInvocationOperation invocation when IsAspNetCore(invocation.TargetMethod.ContainingType):
                switch (invocation.TargetMethod.Name)
                {
                    case "Forbid":
                    case "Unauthorized":
                    case "Challenge":
                    case "ForbidAsync":
                    case "ChallengeAsync":
                        return DenyKind.Strong;
                    case "NotFound":
                        return DenyKind.NotFound;
                    case "StatusCode":
                    case "Problem":
                        return DenyOfStatusCode(invocation.Arguments.Where(a => a.Parameter?.Name is "statusCode" or "code").Select(a => a.Value).FirstOrDefault());
                }
                return DenyKind.None;
            case IObjectCreationOperation { Type: { } type } creation when IsAspNetCore(type):
                switch (type.Name)
                {
                    case "ForbidResult":
                    case "UnauthorizedResult":
                    case "UnauthorizedObjectResult":
                    case "ChallengeResult":
                        return DenyKind.Strong;
                    case "NotFoundResult":
                    case "NotFoundObjectResult":
                        return DenyKind.NotFound;
                    case "StatusCodeResult":
                    case "ObjectResult":
                        return DenyOfStatusCode(creation.Arguments.Where(a => a.Parameter?.Name is "statusCode").Select(a => a.Value).FirstOrDefault());
                }
                return DenyKind.None;
            case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "StatusCode" } target } assignment
                when target.Property.ContainingType.InheritsFromOrEquals(Types.HttpResponse):
                return DenyOfStatusCode(assignment.Value);
            case IThrowOperation throwOperation:
                return IsAccessException(throwOperation.Exception) ? DenyKind.Strong : DenyKind.None;
            default:
                return DenyKind.None;
        }
    }

    private static DenyKind DenyOfStatusCode(IOperation? code)
    {
        if (code is null) return DenyKind.None;
        code = Unwrap(code);
        if (code.ConstantValue is { HasValue: true, Value: int status })
        {
            return status is 401 or 403 ? DenyKind.Strong : status == 404 ? DenyKind.NotFound : DenyKind.None;
        }
        return DenyKind.None;
    }

    /// <summary><c>UnauthorizedAccessException</c>, <c>SecurityException</c>, <c>AuthenticationException</c>, and domain exceptions named Forbidden/AccessDenied/NotAuthorized/PermissionDenied.</summary>
    public static bool IsAccessException(IOperation? exception)
    {
        if (exception is null) return false;
        exception = Unwrap(exception);
        for (var type = exception.Type as INamedTypeSymbol; type is not null; type = type.BaseType)
        {
            if (type.Name is "UnauthorizedAccessException" or "SecurityException" or "AuthenticationException") return true;
            var words = Names.Words(type.Name);
            if (words.Contains("forbidden") || words.Contains("unauthorized") || words.Contains("unauthorised")
                || (words.Contains("denied") && (words.Contains("access") || words.Contains("permission")))
                || (words.Contains("not") && (words.Contains("authorized") || words.Contains("authorised"))))
            {
                return true;
            }
        }
        return false;
    }

    private static bool IsAspNetCore(ITypeSymbol? type)
    {
        var ns = type?.ContainingNamespace?.ToDisplayString() ?? "";
        return ns.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal);
    }

    // ------------------------------------------------------------------ authorization conditions

    /// <summary>
    /// The authorization facts a condition reads, following bool locals to their assigned values. Empty when the
    /// condition makes no authorization decision, or when it already consults a central policy (<paramref name="isPolicyCall"/>).
    /// </summary>
    public List<DecisionFact> FactsOf(IOperation condition, DecisionScope scope)
    {
        var facts = new List<DecisionFact>();
        if (scope.MentionsPolicy(condition, 0)) return facts;
        Collect(condition, scope, facts, 0);
        return facts
            .GroupBy(f => f.Description, StringComparer.Ordinal)
            .Select(g => g.First())
            .ToList();
    }

    private void Collect(IOperation operation, DecisionScope scope, List<DecisionFact> facts, int depth)
    {
        operation = Unwrap(operation);
        switch (operation)
        {
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                Collect(not.Operand, scope, facts, depth);
                return;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr or BinaryOperatorKind.And or BinaryOperatorKind.Or } logical
                when logical.Type?.SpecialType == SpecialType.System_Boolean:
                Collect(logical.LeftOperand, scope, facts, depth);
                Collect(logical.RightOperand, scope, facts, depth);
                return;
            case IBinaryOperation comparison:
                AddComparison(comparison.LeftOperand, comparison.RightOperand, scope, facts);
                return;
            case IIsPatternOperation pattern:
                AddPattern(pattern, scope, facts, depth);
                return;
            case IAwaitOperation awaited:
                Collect(awaited.Operation, scope, facts, depth);
                return;
            case IInvocationOperation invocation:
                AddInvocation(invocation, scope, facts);
                return;
            case IPropertyReferenceOperation or IFieldReferenceOperation when operation.Type?.SpecialType == SpecialType.System_Boolean:
                AddFlag((IMemberReferenceOperation)operation, facts);
                return;
            case ILocalReferenceOperation local when depth < MaxLocalDepth:
                foreach (var value in scope.ValuesOf(local.Local)) Collect(value, scope, facts, depth + 1);
                return;
        }
    }

    private void AddComparison(IOperation left, IOperation right, DecisionScope scope, List<DecisionFact> facts)
    {
        left = Unwrap(left);
        right = Unwrap(right);
        if (ClaimRead(left) is { } leftClaim) { facts.Add(new DecisionFact(DecisionKind.RoleOrClaim, "reads the caller's '" + leftClaim + "' claim")); return; }
        if (ClaimRead(right) is { } rightClaim) { facts.Add(new DecisionFact(DecisionKind.RoleOrClaim, "reads the caller's '" + rightClaim + "' claim")); return; }

        if ((RoleOrStatusMember(left) ?? RoleOrStatusMember(right)) is { } member)
        {
            facts.Add(new DecisionFact(DecisionKind.RoleOrStatus, "compares the role or status '" + member.Syntax + "'", member));
            return;
        }

        var leftCaller = scope.Caller.Carries(left);
        var rightCaller = scope.Caller.Carries(right);
        if (leftCaller == rightCaller) return;
        var other = leftCaller ? right : left;
        if (other.ConstantValue.HasValue)
        {
            // userId == null is an authentication check ([Authorize] does that); userId == "alice" names a user inline.
            // User.Identity?.IsAuthenticated != true is the same authentication check.
            if (other.ConstantValue.Value is null or bool) return;
            facts.Add(new DecisionFact(DecisionKind.Ownership, "compares the caller with '" + other.Syntax + "'"));
            return;
        }
        facts.Add(new DecisionFact(DecisionKind.Ownership, "compares '" + other.Syntax + "' with the caller"));
    }

    private void AddPattern(IIsPatternOperation pattern, DecisionScope scope, List<DecisionFact> facts, int depth)
    {
        var value = Unwrap(pattern.Value);
        if (IsNullPattern(pattern.Pattern))
        {
            // membership is null, where membership came from a lookup scoped to the caller.
            if (value is ILocalReferenceOperation local && depth < MaxLocalDepth
                && scope.ValuesOf(local.Local).Any(v => IsCallerScopedQuery(v, scope)))
            {
                facts.Add(new DecisionFact(DecisionKind.CallerScopedAccess, "looks '" + local.Local.Name + "' up scoped to the caller"));
            }
            return;
        }
        if (ClaimRead(value) is { } claim)
        {
            facts.Add(new DecisionFact(DecisionKind.RoleOrClaim, "reads the caller's '" + claim + "' claim"));
            return;
        }
        if (RoleOrStatusMember(value) is { } member)
        {
            facts.Add(new DecisionFact(DecisionKind.RoleOrStatus, "compares the role or status '" + member.Syntax + "'", member));
            return;
        }
        if (value.Type?.SpecialType == SpecialType.System_Boolean) Collect(value, scope, facts, depth);
    }

    private void AddInvocation(IInvocationOperation invocation, DecisionScope scope, List<DecisionFact> facts)
    {
        var method = invocation.TargetMethod;
        switch (method.Name)
        {
            case "IsInRole":
            case "IsInRoleAsync":
                facts.Add(new DecisionFact(DecisionKind.RoleOrClaim, "checks a role with '" + invocation.Syntax + "'"));
                return;
            case "HasClaim":
                facts.Add(new DecisionFact(DecisionKind.RoleOrClaim, "checks a claim with '" + invocation.Syntax + "'"));
                return;
            case "Equals" when method.ReturnType.SpecialType == SpecialType.System_Boolean:
                var operands = new List<IOperation>();
                if (invocation.Instance is not null) operands.Add(invocation.Instance);
                operands.AddRange(invocation.Arguments.Where(a => a.Value.Type?.TypeKind != TypeKind.Enum || a.Parameter?.Name != "comparisonType").Select(a => a.Value)
                    .Where(v => v.Type?.Name != "StringComparison"));
                if (operands.Count == 2) AddComparison(operands[0], operands[1], scope, facts);
                return;
        }
        if (ReadsClaims(invocation))
        {
            facts.Add(new DecisionFact(DecisionKind.RoleOrClaim, "checks the caller's claims"));
            return;
        }
        if (IsCallerScopedQuery(invocation, scope))
        {
            facts.Add(new DecisionFact(DecisionKind.CallerScopedAccess, "queries data scoped to the caller ('" + method.Name + "')"));
        }
    }

    private static void AddFlag(IMemberReferenceOperation member, List<DecisionFact> facts)
    {
        if (member.Member.IsFrameworkNamespace()) return; // User.Identity.IsAuthenticated is authentication, not a decision
        var words = Names.Words(member.Member.Name);
        if (words.Count == 0) return;
        var isFlag = (words[0] is "is" or "has" or "can") && words.Skip(1).Any(w => FlagWords.Contains(w) || RoleWords.Contains(w))
            || words[0] == "can"
            || (words.Count == 1 && FlagWords.Contains(words[0]));
        if (isFlag) facts.Add(new DecisionFact(DecisionKind.PermissionFlag, "tests the flag '" + member.Syntax + "'", member));
    }

    /// <summary><c>User.FindFirstValue(ClaimTypes.Role)</c>, <c>User.FindFirst("perm")?.Value</c>: a claim other than the user's identity. Returns the claim's name.</summary>
    private string? ClaimRead(IOperation operation)
    {
        foreach (var op in operation.DescendantsAndSelf())
        {
            if (op is not IInvocationOperation { TargetMethod.Name: "FindFirst" or "FindFirstValue" or "FindAll" } invocation) continue;
            var receiver = invocation.TargetMethod.IsExtensionMethod && invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : invocation.Instance;
            if (receiver?.Type is not { } receiverType || !(receiverType.InheritsFromOrEquals(Types.ClaimsPrincipal) || receiverType.Name == "ClaimsIdentity")) continue;
            var claimArgument = invocation.Arguments.FirstOrDefault(a => a.Value.Type?.SpecialType == SpecialType.System_String && a.Parameter?.Ordinal == (invocation.TargetMethod.IsExtensionMethod ? 1 : 0));
            var claimOperation = claimArgument is null ? null : Unwrap(claimArgument.Value);
            if (claimOperation is null) continue;
            var name = claimOperation is IFieldReferenceOperation field ? field.Field.Name : claimOperation.ConstantValue.Value as string;
            if (name is null || IdentityClaimNames.Contains(name)) continue;
            return name;
        }
        return null;
    }

    /// <summary><c>User.Claims.Any(c =&gt; …)</c>: a query over the caller's claims.</summary>
    private bool ReadsClaims(IInvocationOperation invocation)
    {
        foreach (var op in invocation.DescendantsAndSelf())
        {
            if (op is IPropertyReferenceOperation { Property.Name: "Claims" } claims
                && (claims.Property.ContainingType.InheritsFromOrEquals(Types.ClaimsPrincipal) || claims.Property.ContainingType.Name == "ClaimsIdentity"))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>A role, status, permission or level member (or a value of a role-like enum type): <c>member.Role</c>, <c>request.ActorRole</c>, <c>account.Status</c>.</summary>
    private static IOperation? RoleOrStatusMember(IOperation operation)
    {
        operation = Unwrap(operation);
        if (operation is not (IMemberReferenceOperation or ILocalReferenceOperation or IParameterReferenceOperation)) return null;
        var type = operation.Type;
        if (type is null) return null;
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable) type = nullable.TypeArguments[0];
        if (type.TypeKind != TypeKind.Enum && type.SpecialType != SpecialType.System_String) return null;
        var name = operation switch
        {
            IMemberReferenceOperation m => m.Member.Name,
            ILocalReferenceOperation l => l.Local.Name,
            IParameterReferenceOperation p => p.Parameter.Name,
            _ => "",
        };
        if (Names.Words(name).Any(RoleWords.Contains)) return operation;
        if (type.TypeKind == TypeKind.Enum && Names.Words(type.Name).Any(RoleWords.Contains)) return operation;
        return null;
    }

    /// <summary>A query or lookup whose predicate compares a member with the caller's identity.</summary>
    public static bool IsCallerScopedQuery(IOperation value, DecisionScope scope)
    {
        foreach (var lambda in Unwrap(value).DescendantsAndSelf().OfType<IAnonymousFunctionOperation>())
        {
            foreach (var binary in lambda.Body.Descendants().OfType<IBinaryOperation>())
            {
                if (binary.OperatorKind is not (BinaryOperatorKind.Equals or BinaryOperatorKind.ObjectValueEquals)) continue;
                var left = Unwrap(binary.LeftOperand);
                var right = Unwrap(binary.RightOperand);
                if ((left is IMemberReferenceOperation && scope.Caller.Carries(right) && !scope.Caller.Carries(left))
                    || (right is IMemberReferenceOperation && scope.Caller.Carries(left) && !scope.Caller.Carries(right)))
                {
                    return true;
                }
            }
        }
        return false;
    }

    private static bool IsNullPattern(IPatternOperation pattern) => pattern switch
    {
        IConstantPatternOperation constant => constant.Value.ConstantValue is { HasValue: true, Value: null },
        INegatedPatternOperation negated => IsNullPattern(negated.Pattern),
        _ => false,
    };

    internal static IOperation Unwrap(IOperation operation)
    {
        while (true)
        {
            switch (operation)
            {
                case IConversionOperation conversion:
                    operation = conversion.Operand;
                    continue;
                case IParenthesizedOperation parenthesized:
                    operation = parenthesized.Operand;
                    continue;
                case IAwaitOperation awaited:
                    operation = awaited.Operation;
                    continue;
                default:
                    return operation;
            }
        }
    }
}

/// <summary>
/// Per-body context for <see cref="AuthorizationDecisions.FactsOf"/>: who the caller is, the values assigned to each local,
/// and which calls are central policy checks.
/// </summary>
internal sealed class DecisionScope
{
    private readonly Dictionary<ILocalSymbol, List<IOperation>> _values = new(SymbolEqualityComparer.Default);
    private readonly Func<IInvocationOperation, bool> _isPolicyCall;

    public DecisionScope(KnownTypes types, IOperation body, Func<IInvocationOperation, bool> isPolicyCall)
    {
        Caller = new CallerIdentity(types, body);
        _isPolicyCall = isPolicyCall;
        foreach (var op in body.DescendantsAndSelf())
        {
            switch (op)
            {
                case IVariableDeclaratorOperation declarator:
                    var init = declarator.Initializer?.Value ?? (declarator.Parent as IVariableDeclarationOperation)?.Initializer?.Value;
                    if (init is not null) Add(declarator.Symbol, init);
                    break;
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment:
                    Add(target.Local, assignment.Value);
                    break;
            }
        }
    }

    public CallerIdentity Caller { get; }

    public IReadOnlyList<IOperation> ValuesOf(ILocalSymbol local) =>
        _values.TryGetValue(local, out var list) ? list : (IReadOnlyList<IOperation>)Array.Empty<IOperation>();

    /// <summary>The condition (or a local it reads) calls a central policy check.</summary>
    public bool MentionsPolicy(IOperation operation, int depth)
    {
        foreach (var op in operation.DescendantsAndSelf())
        {
            switch (op)
            {
                case IInvocationOperation invocation when _isPolicyCall(invocation):
                    return true;
                case ILocalReferenceOperation local when depth < 3:
                    foreach (var value in ValuesOf(local.Local))
                    {
                        if (MentionsPolicy(value, depth + 1)) return true;
                    }
                    break;
            }
        }
        return false;
    }

    private void Add(ILocalSymbol local, IOperation value)
    {
        if (!_values.TryGetValue(local, out var list)) _values[local] = list = new List<IOperation>();
        list.Add(value);
    }
}
