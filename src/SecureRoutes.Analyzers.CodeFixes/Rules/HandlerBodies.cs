using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SecureRoutes.Analyzers.CodeFixes.Rules;

/// <summary>The block or expression body of a handler: a method, a local function or a lambda.</summary>
internal static class HandlerBodies
{
    public static BlockSyntax? BlockOf(SyntaxNode handler) => handler switch
    {
        BaseMethodDeclarationSyntax m => m.Body,
        LocalFunctionStatementSyntax l => l.Body,
        AnonymousFunctionExpressionSyntax a => a.Block,
        _ => null,
    };

    public static ExpressionSyntax? ExpressionOf(SyntaxNode handler) => handler switch
    {
        BaseMethodDeclarationSyntax m => m.ExpressionBody?.Expression,
        LocalFunctionStatementSyntax l => l.ExpressionBody?.Expression,
        AnonymousFunctionExpressionSyntax a => a.ExpressionBody,
        _ => null,
    };
}
