using System.Reflection;
using Docker.DotNet;
using DropIt.Panel.Core.Docker;

namespace DropIt.Panel.Core.Tests.Docker;

/// <summary>
/// Docker is reached only through the narrow interfaces of <c>Core/Docker</c> (decision 048): no Docker.DotNet type in
/// the fields, parameters or results of any other Core type (compiler-generated ones included, which hold the locals of
/// async methods and lambdas), none in those interfaces, and the raw client is not public.
/// </summary>
public sealed class EngineBoundaryTests
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static
        | BindingFlags.DeclaredOnly;

    private static readonly Assembly Core = typeof(DockerEngine).Assembly;
    private static readonly Assembly DockerDotNet = typeof(IDockerClient).Assembly;

    [Fact]
    public void CoreOutsideTheDockerFolder_UsesNoDockerDotNetType()
    {
        var offenders = Core.GetTypes()
            .Where(t => t.Namespace != typeof(DockerEngine).Namespace)
            .SelectMany(t => DockerTypesIn(t).Select(use => $"{t.FullName}: {use}"))
            .ToList();

        Assert.Empty(offenders);
    }

    [Fact]
    public void EngineInterfaces_HaveNoDockerDotNetTypeInTheirSignatures()
    {
        var interfaces = Core.GetTypes().Where(t => t.IsInterface && t.IsPublic && t.Namespace == typeof(DockerEngine).Namespace).ToList();

        Assert.Contains(typeof(IContainerLogs), interfaces);
        Assert.Empty(interfaces.SelectMany(t => DockerTypesIn(t).Select(use => $"{t.Name}: {use}")));
    }

    [Fact]
    public void DockerEngine_RawClient_IsNotPublic() =>
        Assert.DoesNotContain(typeof(DockerEngine).GetProperties(), p => p.PropertyType.Assembly == DockerDotNet);

    private static IEnumerable<string> DockerTypesIn(Type type)
    {
        if (type.BaseType is { } baseType && Uses(baseType))
        {
            yield return $"derives from {baseType.Name}";
        }

        foreach (var field in type.GetFields(Declared).Where(f => Uses(f.FieldType)))
        {
            yield return $"field {field.Name} is {field.FieldType.Name}";
        }

        foreach (var method in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
        {
            var parameters = method.GetParameters().Where(p => Uses(p.ParameterType)).Select(p => p.ParameterType.Name);
            var result = method is MethodInfo m && Uses(m.ReturnType) ? [m.ReturnType.Name] : Array.Empty<string>();
            foreach (var name in parameters.Concat(result))
            {
                yield return $"{method.Name} takes or returns {name}";
            }
        }
    }

    private static bool Uses(Type type) =>
        !type.IsGenericParameter
        && (type.Assembly == DockerDotNet
            || (type.HasElementType && Uses(type.GetElementType()!))
            || (type.IsGenericType && type.GetGenericArguments().Any(Uses)));
}
