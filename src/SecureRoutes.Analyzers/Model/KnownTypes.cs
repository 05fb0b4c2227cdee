using Microsoft.CodeAnalysis;

namespace SecureRoutes.Analyzers.Model;

/// <summary>ASP.NET Core, EF Core, Identity and BCL types, resolved once per compilation. A member is null when its assembly is not referenced.</summary>
public sealed class KnownTypes
{
    public KnownTypes(Compilation compilation)
    {
        INamedTypeSymbol? T(string name) => compilation.GetTypeByMetadataName(name);

        HttpContext = T("Microsoft.AspNetCore.Http.HttpContext");
        HttpRequest = T("Microsoft.AspNetCore.Http.HttpRequest");
        HttpResponse = T("Microsoft.AspNetCore.Http.HttpResponse");
        IResult = T("Microsoft.AspNetCore.Http.IResult");
        Results = T("Microsoft.AspNetCore.Http.Results");
        TypedResults = T("Microsoft.AspNetCore.Http.TypedResults");
        IFormFile = T("Microsoft.AspNetCore.Http.IFormFile");
        IFormFileCollection = T("Microsoft.AspNetCore.Http.IFormFileCollection");
        AsParametersAttribute = T("Microsoft.AspNetCore.Http.AsParametersAttribute");
        IEndpointFilter = T("Microsoft.AspNetCore.Http.IEndpointFilter");

        ControllerBase = T("Microsoft.AspNetCore.Mvc.ControllerBase");
        Controller = T("Microsoft.AspNetCore.Mvc.Controller");
        ApiControllerAttribute = T("Microsoft.AspNetCore.Mvc.ApiControllerAttribute");
        ControllerAttribute = T("Microsoft.AspNetCore.Mvc.ControllerAttribute");
        NonActionAttribute = T("Microsoft.AspNetCore.Mvc.NonActionAttribute");
        NonControllerAttribute = T("Microsoft.AspNetCore.Mvc.NonControllerAttribute");
        IActionResult = T("Microsoft.AspNetCore.Mvc.IActionResult");
        ActionResultOfT = T("Microsoft.AspNetCore.Mvc.ActionResult`1");
        FromServicesAttribute = T("Microsoft.AspNetCore.Mvc.FromServicesAttribute");
        FromBodyAttribute = T("Microsoft.AspNetCore.Mvc.FromBodyAttribute");
        FromFormAttribute = T("Microsoft.AspNetCore.Mvc.FromFormAttribute");
        FromRouteAttribute = T("Microsoft.AspNetCore.Mvc.FromRouteAttribute");
        FromQueryAttribute = T("Microsoft.AspNetCore.Mvc.FromQueryAttribute");
        FromHeaderAttribute = T("Microsoft.AspNetCore.Mvc.FromHeaderAttribute");
        FromKeyedServicesAttribute = T("Microsoft.Extensions.DependencyInjection.FromKeyedServicesAttribute");
        BindPropertyAttribute = T("Microsoft.AspNetCore.Mvc.BindPropertyAttribute");
        BindAttribute = T("Microsoft.AspNetCore.Mvc.BindAttribute");
        BindNeverAttribute = T("Microsoft.AspNetCore.Mvc.ModelBinding.BindNeverAttribute");
        HttpMethodAttribute = T("Microsoft.AspNetCore.Mvc.Routing.HttpMethodAttribute");
        PageModel = T("Microsoft.AspNetCore.Mvc.RazorPages.PageModel");
        IAuthorizationFilter = T("Microsoft.AspNetCore.Mvc.Filters.IAuthorizationFilter");
        IAsyncAuthorizationFilter = T("Microsoft.AspNetCore.Mvc.Filters.IAsyncAuthorizationFilter");
        IActionFilter = T("Microsoft.AspNetCore.Mvc.Filters.IActionFilter");
        IAsyncActionFilter = T("Microsoft.AspNetCore.Mvc.Filters.IAsyncActionFilter");
        IPageFilter = T("Microsoft.AspNetCore.Mvc.Filters.IPageFilter");
        IAsyncPageFilter = T("Microsoft.AspNetCore.Mvc.Filters.IAsyncPageFilter");
        ServiceFilterAttribute = T("Microsoft.AspNetCore.Mvc.ServiceFilterAttribute");
        TypeFilterAttribute = T("Microsoft.AspNetCore.Mvc.TypeFilterAttribute");

        EndpointRouteBuilderExtensions = T("Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions");
        AuthorizationEndpointConventionBuilderExtensions = T("Microsoft.AspNetCore.Builder.AuthorizationEndpointConventionBuilderExtensions");

        AuthorizeAttribute = T("Microsoft.AspNetCore.Authorization.AuthorizeAttribute");
        AllowAnonymousAttribute = T("Microsoft.AspNetCore.Authorization.AllowAnonymousAttribute");
        IAuthorizationService = T("Microsoft.AspNetCore.Authorization.IAuthorizationService");
        AuthorizationServiceExtensions = T("Microsoft.AspNetCore.Authorization.AuthorizationServiceExtensions");
        AuthorizationResult = T("Microsoft.AspNetCore.Authorization.AuthorizationResult");

        ClaimsPrincipal = T("System.Security.Claims.ClaimsPrincipal");
        CancellationToken = T("System.Threading.CancellationToken");
        Task = T("System.Threading.Tasks.Task");
        TaskOfT = T("System.Threading.Tasks.Task`1");
        ValueTask = T("System.Threading.Tasks.ValueTask");
        ValueTaskOfT = T("System.Threading.Tasks.ValueTask`1");
        IQueryableOfT = T("System.Linq.IQueryable`1");
        IEnumerableOfT = T("System.Collections.Generic.IEnumerable`1");
        Exception = T("System.Exception");

        DbContext = T("Microsoft.EntityFrameworkCore.DbContext");
        DbSetOfT = T("Microsoft.EntityFrameworkCore.DbSet`1");
        UserManagerOfT = T("Microsoft.AspNetCore.Identity.UserManager`1");
        RoleManagerOfT = T("Microsoft.AspNetCore.Identity.RoleManager`1");
        IdentityUser = T("Microsoft.AspNetCore.Identity.IdentityUser`1");

        // Logging sinks and secret types (SR3001). Null when the assembly is not referenced.
        MelILogger = T("Microsoft.Extensions.Logging.ILogger");
        MelLoggerExtensions = T("Microsoft.Extensions.Logging.LoggerExtensions");
        MelLoggerMessageAttribute = T("Microsoft.Extensions.Logging.LoggerMessageAttribute");
        SerilogILogger = T("Serilog.ILogger");
        SerilogLog = T("Serilog.Log");
        SerilogLogContext = T("Serilog.Context.LogContext");
        NLogILoggerBase = T("NLog.ILoggerBase");
        NLogLogger = T("NLog.Logger");
        Log4NetILog = T("log4net.ILog");
        Console = T("System.Console");
        TextWriter = T("System.IO.TextWriter");
        Debug = T("System.Diagnostics.Debug");
        Trace = T("System.Diagnostics.Trace");
        TraceSource = T("System.Diagnostics.TraceSource");
        Activity = T("System.Diagnostics.Activity");
        SecureString = T("System.Security.SecureString");
        NetworkCredential = T("System.Net.NetworkCredential");
        SecurityToken = T("Microsoft.IdentityModel.Tokens.SecurityToken");
        DataClassificationAttribute = T("Microsoft.Extensions.Compliance.Classification.DataClassificationAttribute");
        StringValues = T("Microsoft.Extensions.Primitives.StringValues");
        ReadOnlySpanOfT = T("System.ReadOnlySpan`1");
        ReadOnlyMemoryOfT = T("System.ReadOnlyMemory`1");
        IHeaderDictionary = T("Microsoft.AspNetCore.Http.IHeaderDictionary");
        IRequestCookieCollection = T("Microsoft.AspNetCore.Http.IRequestCookieCollection");
        IConfiguration = T("Microsoft.Extensions.Configuration.IConfiguration");
        ConfigurationExtensions = T("Microsoft.Extensions.Configuration.ConfigurationExtensions");
        ConfigurationBinder = T("Microsoft.Extensions.Configuration.ConfigurationBinder");
        AuthenticationTokenExtensions = T("Microsoft.AspNetCore.Authentication.AuthenticationTokenExtensions");
        Sha256 = T("System.Security.Cryptography.SHA256");
        Convert = T("System.Convert");
    }

    /// <summary>The rules only run where ASP.NET Core's HTTP abstractions are referenced.</summary>
    public bool IsAspNetCore => HttpContext is not null;

    public INamedTypeSymbol? HttpContext { get; }
    public INamedTypeSymbol? HttpRequest { get; }
    public INamedTypeSymbol? HttpResponse { get; }
    public INamedTypeSymbol? IResult { get; }
    public INamedTypeSymbol? Results { get; }
    public INamedTypeSymbol? TypedResults { get; }
    public INamedTypeSymbol? IFormFile { get; }
    public INamedTypeSymbol? IFormFileCollection { get; }
    public INamedTypeSymbol? AsParametersAttribute { get; }
    public INamedTypeSymbol? IEndpointFilter { get; }
    public INamedTypeSymbol? ControllerBase { get; }
    public INamedTypeSymbol? Controller { get; }
    public INamedTypeSymbol? ApiControllerAttribute { get; }
    public INamedTypeSymbol? ControllerAttribute { get; }
    public INamedTypeSymbol? NonActionAttribute { get; }
    public INamedTypeSymbol? NonControllerAttribute { get; }
    public INamedTypeSymbol? IActionResult { get; }
    public INamedTypeSymbol? ActionResultOfT { get; }
    public INamedTypeSymbol? FromServicesAttribute { get; }
    public INamedTypeSymbol? FromBodyAttribute { get; }
    public INamedTypeSymbol? FromFormAttribute { get; }
    public INamedTypeSymbol? FromRouteAttribute { get; }
    public INamedTypeSymbol? FromQueryAttribute { get; }
    public INamedTypeSymbol? FromHeaderAttribute { get; }
    public INamedTypeSymbol? FromKeyedServicesAttribute { get; }
    public INamedTypeSymbol? BindPropertyAttribute { get; }
    public INamedTypeSymbol? BindAttribute { get; }
    public INamedTypeSymbol? BindNeverAttribute { get; }
    public INamedTypeSymbol? HttpMethodAttribute { get; }
    public INamedTypeSymbol? PageModel { get; }
    public INamedTypeSymbol? IAuthorizationFilter { get; }
    public INamedTypeSymbol? IAsyncAuthorizationFilter { get; }
    public INamedTypeSymbol? IActionFilter { get; }
    public INamedTypeSymbol? IAsyncActionFilter { get; }
    public INamedTypeSymbol? IPageFilter { get; }
    public INamedTypeSymbol? IAsyncPageFilter { get; }
    public INamedTypeSymbol? ServiceFilterAttribute { get; }
    public INamedTypeSymbol? TypeFilterAttribute { get; }
    public INamedTypeSymbol? EndpointRouteBuilderExtensions { get; }
    public INamedTypeSymbol? AuthorizationEndpointConventionBuilderExtensions { get; }
    public INamedTypeSymbol? AuthorizeAttribute { get; }
    public INamedTypeSymbol? AllowAnonymousAttribute { get; }
    public INamedTypeSymbol? IAuthorizationService { get; }
    public INamedTypeSymbol? AuthorizationServiceExtensions { get; }
    public INamedTypeSymbol? AuthorizationResult { get; }
    public INamedTypeSymbol? ClaimsPrincipal { get; }
    public INamedTypeSymbol? CancellationToken { get; }
    public INamedTypeSymbol? Task { get; }
    public INamedTypeSymbol? TaskOfT { get; }
    public INamedTypeSymbol? ValueTask { get; }
    public INamedTypeSymbol? ValueTaskOfT { get; }
    public INamedTypeSymbol? IQueryableOfT { get; }
    public INamedTypeSymbol? IEnumerableOfT { get; }
    public INamedTypeSymbol? Exception { get; }
    public INamedTypeSymbol? DbContext { get; }
    public INamedTypeSymbol? DbSetOfT { get; }
    public INamedTypeSymbol? UserManagerOfT { get; }
    public INamedTypeSymbol? RoleManagerOfT { get; }
    public INamedTypeSymbol? IdentityUser { get; }

    public INamedTypeSymbol? MelILogger { get; }
    public INamedTypeSymbol? MelLoggerExtensions { get; }
    public INamedTypeSymbol? MelLoggerMessageAttribute { get; }
    public INamedTypeSymbol? SerilogILogger { get; }
    public INamedTypeSymbol? SerilogLog { get; }
    public INamedTypeSymbol? SerilogLogContext { get; }
    public INamedTypeSymbol? NLogILoggerBase { get; }
    public INamedTypeSymbol? NLogLogger { get; }
    public INamedTypeSymbol? Log4NetILog { get; }
    public INamedTypeSymbol? Console { get; }
    public INamedTypeSymbol? TextWriter { get; }
    public INamedTypeSymbol? Debug { get; }
    public INamedTypeSymbol? Trace { get; }
    public INamedTypeSymbol? TraceSource { get; }
    public INamedTypeSymbol? Activity { get; }
    public INamedTypeSymbol? SecureString { get; }
    public INamedTypeSymbol? NetworkCredential { get; }
    public INamedTypeSymbol? SecurityToken { get; }
    public INamedTypeSymbol? DataClassificationAttribute { get; }
    public INamedTypeSymbol? StringValues { get; }
    public INamedTypeSymbol? ReadOnlySpanOfT { get; }
    public INamedTypeSymbol? ReadOnlyMemoryOfT { get; }
    public INamedTypeSymbol? IHeaderDictionary { get; }
    public INamedTypeSymbol? IRequestCookieCollection { get; }
    public INamedTypeSymbol? IConfiguration { get; }
    public INamedTypeSymbol? ConfigurationExtensions { get; }
    public INamedTypeSymbol? ConfigurationBinder { get; }
    public INamedTypeSymbol? AuthenticationTokenExtensions { get; }
    public INamedTypeSymbol? Sha256 { get; }
    public INamedTypeSymbol? Convert { get; }
}
