using System;

namespace SecureRoutes
{
    /// <summary>
    /// Marks the central authorization policy: a type whose methods (or a single method) decide whether an actor may
    /// perform an operation on a resource. SecureRoutes.Analyzers treats a call to it, whose result is used to deny,
    /// as the policy check an endpoint needs (SR1001), and checks the policy itself for fail-open paths (SR1003).
    /// </summary>
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Interface | AttributeTargets.Method, Inherited = true)]
    public sealed class AuthorizationPolicyAttribute : Attribute
    {
    }

    /// <summary>
    /// Marks a type, property, field or parameter that holds a secret (token, password, key). Its value must not reach
    /// a log, trace or console (SR3001).
    /// </summary>
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter | AttributeTargets.ReturnValue, Inherited = true)]
    public sealed class SecretAttribute : Attribute
    {
    }

    /// <summary>
    /// Marks a property, field or parameter that grants authority (a role, a permission, a quota, an approval flag) when
    /// the built-in vocabulary does not recognise it by name or type. A client-supplied value must not be stored in it,
    /// or decide access, without a central policy check (SR2001); entities carrying it must not be bound whole (SR2002).
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter, Inherited = true)]
    public sealed class PrivilegedAttribute : Attribute
    {
    }

    /// <summary>
    /// Marks an endpoint (or a controller) whose operation is high-risk and needs a business-level rate limit and an
    /// audit event (SR4xxx rules).
    /// </summary>
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, Inherited = true)]
    public sealed class HighRiskAttribute : Attribute
    {
    }
}
