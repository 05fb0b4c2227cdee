using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SecureRoutes.Analyzers.Infrastructure;

internal static class OperationExtensions
{
    /// <summary>The operand under any (implicit or explicit) conversions.</summary>
    public static IOperation WithoutConversions(this IOperation operation)
    {
        while (operation is IConversionOperation conversion) operation = conversion.Operand;
        return operation;
    }
}
