using System.Collections.Concurrent;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SecureRoutes.Analyzers.Model;

/// <summary>How a sink renders a value: its <c>ToString()</c> text, or its public members (structured destructuring, <c>{@x}</c>).</summary>
public enum Rendering
{
    Text,
    Members,
}

/// <summary>
/// Follows a value to the leaves it is built from, inside one method body: through conversions, interpolation holes,
/// string concatenation, conditionals, <c>??</c>, anonymous objects, tuples, arrays and collection initializers,
/// framework text transforms (<c>ToString</c>, <c>string.Format</c>, <c>Trim</c>, <c>Convert.ToBase64String</c>...),
/// and locals (every value assigned to the local anywhere in the body; flow-insensitive). It stops at calls to
/// anything else, so a hash, a mask or a user method ends the trail. A prefix of at most
/// <see cref="ShortPrefixLength"/> characters ends it too.
/// </summary>
public sealed class ValueFlow
{
    /// <summary>A constant-length prefix (<c>s[..6]</c>, <c>s.Substring(0, 6)</c>) this short no longer carries the value.</summary>
    public const int ShortPrefixLength = 6;

    private readonly ConcurrentDictionary<SyntaxNode, Dictionary<ILocalSymbol, List<IOperation>>> _assignments = new();

    /// <summary>Called for every node reached. <paramref name="anchor"/> is the local reference through which the node
    /// was reached (null when the node is inside the walked expression). Return true to stop descending at this node.</summary>
    public delegate bool Visitor(IOperation node, IOperation? anchor, Rendering rendering);

    public void Walk(IOperation value, Rendering rendering, Visitor visit)
    {
        var visited = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        Walk(value, rendering, null, visit, visited, 0);
    }

    private void Walk(IOperation? op, Rendering rendering, IOperation? anchor, Visitor visit, HashSet<ILocalSymbol> visited, int depth)
    {
        if (op is null || depth > 40) return;
        if (op is IConversionOperation conversion)
        {
            Walk(conversion.Operand, rendering, anchor, visit, visited, depth + 1);
            return;
        }
        if (op is IParenthesizedOperation parenthesized)
        {
            Walk(parenthesized.Operand, rendering, anchor, visit, visited, depth + 1);
            return;
        }
        if (op.ConstantValue.HasValue || op is IInvalidOperation) return;
        if (visit(op, anchor, rendering)) return;

        switch (op)
        {
            case IInterpolatedStringOperation interpolated:
                foreach (var part in interpolated.Parts)
                {
                    if (part is IInterpolationOperation hole)
                        Walk(hole.Expression, Rendering.Text, anchor, visit, visited, depth + 1);
                    else if (part is IInterpolatedStringAppendOperation { AppendCall: IInvocationOperation append } && append.Arguments.Length > 0 &&
                             part.Kind == OperationKind.InterpolatedStringAppendFormatted)
                        Walk(append.Arguments[0].Value, Rendering.Text, anchor, visit, visited, depth + 1);
                }
                break;
            case IInterpolatedStringHandlerCreationOperation handler:
                Walk(handler.Content, Rendering.Text, anchor, visit, visited, depth + 1);
                break;
            case IInterpolatedStringAdditionOperation addition:
                Walk(addition.Left, Rendering.Text, anchor, visit, visited, depth + 1);
                Walk(addition.Right, Rendering.Text, anchor, visit, visited, depth + 1);
                break;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } binary when binary.Type?.SpecialType == SpecialType.System_String:
                Walk(binary.LeftOperand, Rendering.Text, anchor, visit, visited, depth + 1);
                Walk(binary.RightOperand, Rendering.Text, anchor, visit, visited, depth + 1);
                break;
            case IConditionalOperation conditional:
                Walk(conditional.WhenTrue, rendering, anchor, visit, visited, depth + 1);
                Walk(conditional.WhenFalse, rendering, anchor, visit, visited, depth + 1);
                break;
            case ICoalesceOperation coalesce:
                Walk(coalesce.Value, rendering, anchor, visit, visited, depth + 1);
                Walk(coalesce.WhenNull, rendering, anchor, visit, visited, depth + 1);
                break;
            case IAwaitOperation awaited:
                Walk(awaited.Operation, rendering, anchor, visit, visited, depth + 1);
                break;
            case IArrayCreationOperation array when array.Initializer is not null:
                foreach (var element in array.Initializer.ElementValues)
                    Walk(element, rendering, anchor, visit, visited, depth + 1);
                break;
            case IAnonymousObjectCreationOperation anonymous:
                foreach (var initializer in anonymous.Initializers)
                {
                    if (initializer is ISimpleAssignmentOperation assignment)
                        Walk(assignment.Value, rendering, anchor, visit, visited, depth + 1);
                }
                break;
            case ITupleOperation tuple:
                foreach (var element in tuple.Elements)
                    Walk(element, rendering, anchor, visit, visited, depth + 1);
                break;
            case IObjectCreationOperation { Initializer: { } objectInitializer }:
                foreach (var initializer in objectInitializer.Initializers)
                {
                    if (initializer is IInvocationOperation add) // collection initializer: dictionary.Add(k, v), list.Add(v)
                        foreach (var argument in add.Arguments)
                            Walk(argument.Value, rendering, anchor, visit, visited, depth + 1);
                    else if (initializer is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.IsIndexer: true } } indexed)
                        Walk(indexed.Value, rendering, anchor, visit, visited, depth + 1);
                }
                break;
            case ILocalReferenceOperation local:
                if (!visited.Add(local.Local)) break;
                foreach (var assigned in AssignedValues(local))
                    Walk(assigned, rendering, anchor ?? local, visit, visited, depth + 1);
                break;
            case IImplicitIndexerReferenceOperation indexer:
                if (!IsShortPrefix(indexer.Argument))
                    Walk(indexer.Instance, Rendering.Text, anchor, visit, visited, depth + 1);
                break;
            case IInvocationOperation invocation when IsTextTransform(invocation):
                Walk(invocation.Instance, Rendering.Text, anchor, visit, visited, depth + 1);
                foreach (var argument in invocation.Arguments)
                {
                    if (argument.Value is IArrayCreationOperation { IsImplicit: true } paramsArray && paramsArray.Initializer is not null)
                        foreach (var element in paramsArray.Initializer.ElementValues)
                            Walk(element, Rendering.Text, anchor, visit, visited, depth + 1);
                    else if (argument.Parameter?.Type.SpecialType != SpecialType.System_Int32)
                        Walk(argument.Value, Rendering.Text, anchor, visit, visited, depth + 1);
                }
                break;
        }
    }

    /// <summary>Every value assigned to the local anywhere in its method body (declaration initializers, =, +=, ??=).</summary>
    public IReadOnlyList<IOperation> AssignedValues(ILocalReferenceOperation reference)
    {
        var root = reference;
        IOperation top = reference;
        while (top.Parent is not null) top = top.Parent;
        var map = _assignments.GetOrAdd(top.Syntax, _ => CollectAssignments(top));
        return map.TryGetValue(reference.Local, out var values) ? values : (IReadOnlyList<IOperation>)System.Array.Empty<IOperation>();
    }

    private static Dictionary<ILocalSymbol, List<IOperation>> CollectAssignments(IOperation root)
    {
        var map = new Dictionary<ILocalSymbol, List<IOperation>>(SymbolEqualityComparer.Default);
        void Add(ILocalSymbol local, IOperation value)
        {
            if (!map.TryGetValue(local, out var list)) map[local] = list = new List<IOperation>();
            list.Add(value);
        }
        foreach (var node in root.Descendants())
        {
            switch (node)
            {
                case IVariableDeclaratorOperation { Initializer: { } initializer } declarator:
                    Add(declarator.Symbol, initializer.Value);
                    break;
                case IAssignmentOperation { Target: ILocalReferenceOperation target } assignment:
                    Add(target.Local, assignment.Value);
                    break;
            }
        }
        return map;
    }

    private static bool IsShortPrefix(IOperation argument)
    {
        if (argument is not IRangeOperation range) return false;
        var startsAtZero = range.LeftOperand is null || IsConstantIndex(range.LeftOperand, 0, out _);
        return startsAtZero && range.RightOperand is not null && IsConstantIndex(range.RightOperand, -1, out var end) && end <= ShortPrefixLength;
    }

    private static bool IsConstantIndex(IOperation op, int expected, out int value)
    {
        while (op is IConversionOperation c) op = c.Operand;
        value = -1;
        if (op.ConstantValue is { HasValue: true, Value: int i })
        {
            value = i;
            return expected < 0 || i == expected;
        }
        return false;
    }

    /// <summary>
    /// A framework call that returns text computed reversibly from its receiver/arguments: <c>ToString</c>,
    /// <c>string.Format/Concat/Join</c>, <c>Trim</c>, <c>Encoding.GetBytes</c>, <c>Convert.ToBase64String</c>,
    /// <c>Uri.EscapeDataString</c>, a token handler's <c>WriteToken</c>... Hashing, encryption and data protection are not.
    /// </summary>
    public static bool IsTextTransform(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (method.Name == "ToString") return true;
        var ns = method.ContainingNamespace?.ToDisplayString() ?? "";
        var framework = ns == "System" || ns.StartsWith("System.", System.StringComparison.Ordinal)
            || ns.StartsWith("Microsoft.IdentityModel", System.StringComparison.Ordinal)
            || ns.StartsWith("Microsoft.Extensions.Primitives", System.StringComparison.Ordinal)
            || ns.StartsWith("Microsoft.AspNetCore.WebUtilities", System.StringComparison.Ordinal);
        if (!framework) return false;
        if (ns.StartsWith("System.Security.Cryptography", System.StringComparison.Ordinal)) return false;
        var name = method.Name;
        foreach (var word in Infrastructure.Names.Words(name))
        {
            if (word is "hash" or "protect" or "encrypt" or "sign" or "mask" or "redact" or "compare" or "equals" or "validate"
                or "verify" or "contains" or "starts" or "ends" or "index" or "length" or "count" or "is" or "try" or "read" or "validate")
                return false;
        }
        if (name == "Substring" && invocation.Arguments.Length == 2 &&
            IsConstantIndex(invocation.Arguments[0].Value, 0, out _) &&
            IsConstantIndex(invocation.Arguments[1].Value, -1, out var length) && length <= ShortPrefixLength)
            return false;
        var returnType = method.ReturnType;
        return returnType.SpecialType == SpecialType.System_String
            || returnType is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Byte or SpecialType.System_Char }
            || returnType.Name is "ReadOnlySpan" or "Span" or "StringValues" or "ReadOnlyMemory";
    }
}
