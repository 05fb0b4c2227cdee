using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SecureRoutes.Analyzers.CodeFixes.Rules;

/// <summary>How a class gets the service (or policy) the check calls.</summary>
internal enum InjectionStyle
{
    /// <summary>Append a parameter to the class's primary constructor and use it directly.</summary>
    PrimaryConstructor,

    /// <summary>Append a parameter to the one explicit constructor, assign it to a new readonly field.</summary>
    ExistingConstructor,

    /// <summary>Add a constructor (the class had none) and a readonly field.</summary>
    NewConstructor,
}

/// <summary>A member to add to a controller or page model. Plans of one class compute the same names, so Fix All adds it once.</summary>
internal sealed class ClassInjection
{
    public ClassInjection(InjectionStyle style, TypeDeclarationSyntax declaration, ConstructorDeclarationSyntax? constructor,
        ITypeSymbol serviceType, string memberName, string parameterName, bool qualifyWithThis)
    {
        Style = style;
        Declaration = declaration;
        Constructor = constructor;
        ServiceType = serviceType;
        MemberName = memberName;
        ParameterName = parameterName;
        QualifyWithThis = qualifyWithThis;
    }

    public InjectionStyle Style { get; }

    /// <summary>The class declaration that gets the field/constructor (or holds the primary constructor).</summary>
    public TypeDeclarationSyntax Declaration { get; }

    public ConstructorDeclarationSyntax? Constructor { get; }

    public ITypeSymbol ServiceType { get; }

    /// <summary>Name used in the handler: the field, or the primary-constructor parameter.</summary>
    public string MemberName { get; }

    public string ParameterName { get; }

    public bool QualifyWithThis { get; }

    public string Key => Declaration.SpanStart + ":" + MemberName;
}

/// <summary>Everything the writer needs, computed against the original tree (so Fix All can plan every diagnostic first).</summary>
internal sealed class PolicyCheckPlan
{
    public PolicyCheckPlan(string title, string equivalenceKey, DocumentId documentId, SyntaxNode handler)
    {
        Title = title;
        EquivalenceKey = equivalenceKey;
        DocumentId = documentId;
        Handler = handler;
    }

    public string Title { get; set; }

    public string EquivalenceKey { get; set; }

    /// <summary>The document that holds the handler (for a method-group handler it can differ from the diagnostic's).</summary>
    public DocumentId DocumentId { get; }

    /// <summary>MethodDeclarationSyntax, LocalFunctionStatementSyntax or ParenthesizedLambdaExpressionSyntax.</summary>
    public SyntaxNode Handler { get; }

    /// <summary>Insert after this statement; null inserts first in the body.</summary>
    public StatementSyntax? InsertAfter { get; set; }

    public List<StatementSyntax> Statements { get; } = new();

    /// <summary>Add <c>async</c> (and wrap the return type in Task).</summary>
    public bool MakeAsync { get; set; }

    /// <summary>The handler returned tasks without being async: its returned expressions get awaited.</summary>
    public bool AwaitReturns { get; set; }

    /// <summary>When the body is an expression: does it produce the handler's value (return it) or is it a statement?</summary>
    public bool ExpressionBodyReturnsValue { get; set; }

    /// <summary>New return type when <see cref="MakeAsync"/> changes it (methods, local functions, lambdas with an explicit return type).</summary>
    public TypeSyntax? NewReturnType { get; set; }

    public List<ParameterSyntax> NewParameters { get; } = new();

    public List<ClassInjection> Injections { get; } = new();

    /// <summary>Namespaces of the types the fix writes; the writer adds a using for each one the file lacks.</summary>
    public HashSet<string> Namespaces { get; } = new(System.StringComparer.Ordinal);
}
