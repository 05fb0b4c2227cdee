using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SecureRoutes.Analyzers.Model;

/// <summary>
/// Every value a local receives in a body: initializers, assignments, <c>TryParse(text, out var x)</c> (the text flows
/// into x) and <c>foreach</c> variables (the collection flows into them). Value trackers (client ids, client values,
/// caller identity) propagate their facts over this list to a fixed point.
/// </summary>
internal static class LocalAssignments
{
    public static List<(ILocalSymbol Local, IOperation Value)> Of(IOperation body)
    {
        var assignments = new List<(ILocalSymbol Local, IOperation Value)>();
        foreach (var op in body.DescendantsAndSelf())
        {
            switch (op)
            {
                case IVariableDeclaratorOperation { Initializer: not null } declarator:
                    assignments.Add((declarator.Symbol, declarator.Initializer.Value));
                    break;
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation local } assignment:
                    assignments.Add((local.Local, assignment.Value));
                    break;
                case IInvocationOperation { TargetMethod.Name: "TryParse" } invocation when invocation.Arguments.Length >= 2:
                    var outArg = invocation.Arguments.LastOrDefault(a => a.Parameter?.RefKind == RefKind.Out);
                    var source = invocation.Arguments.FirstOrDefault(a => a.Parameter?.RefKind != RefKind.Out && a.Parameter?.Type.SpecialType == SpecialType.System_String)
                        ?? invocation.Arguments[0];
                    if (outArg?.Value is ILocalReferenceOperation outLocal) assignments.Add((outLocal.Local, source.Value));
                    else if (outArg?.Value is IDeclarationExpressionOperation { Expression: ILocalReferenceOperation declared }) assignments.Add((declared.Local, source.Value));
                    break;
                case IForEachLoopOperation { LoopControlVariable: IVariableDeclaratorOperation variable } loop:
                    assignments.Add((variable.Symbol, loop.Collection));
                    break;
            }
        }
        return assignments;
    }
}
