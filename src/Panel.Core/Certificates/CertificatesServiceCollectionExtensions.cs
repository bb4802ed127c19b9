using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DropIt.Panel.Core.Certificates;

public static class CertificatesServiceCollectionExtensions
{
    /// <summary>Certificates: the panel's ACME client and account, HTTP-01 challenges, custom certificates, their files.</summary>
    public static IServiceCollection AddPanelCertificates(this IServiceCollection services)
    {
        services.AddOptions<AcmeOptions>().BindConfiguration(AcmeOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AcmeOptions>, AcmeOptionsValidator>();
        services.AddSingleton<AcmeHttp>();
        services.AddSingleton<CertificateFiles>();
        services.AddScoped<DatabaseChallengeStore>();
        services.AddScoped<CertificateIssuer>();
        services.AddScoped<CustomCertificates>();
        services.AddScoped<CertificateQueries>();
        return services;
    }
}
