using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace DropIt.Panel.Core.Alerts;

/// <summary>Email over SMTP (a relay): STARTTLS, TLS or plain, with a login when a user name is set; the answer is the server's reply.</summary>
public sealed class EmailSender : IAlertSender
{
    public AlertChannelKind Kind => AlertChannelKind.Email;

    public async Task<SendResult> SendAsync(AlertMessage message, IReadOnlyDictionary<string, string> settings,
        CancellationToken cancellationToken)
    {
        var host = settings["host"];
        var port = int.Parse(settings.GetValueOrDefault("port", "587"), System.Globalization.CultureInfo.InvariantCulture);
        var mail = new MimeMessage();
        mail.From.Add(MailboxAddress.Parse(settings["from"]));
        mail.To.AddRange(AlertChannelRules.Recipients(settings["to"]).Select(MailboxAddress.Parse));
        mail.Subject = $"[DropIt] {message.Title}";
        mail.Headers.Add("X-DropIt-Event", message.EventKind);
        mail.Body = new TextPart("plain") { Text = message.TextWithLink + "\n\n-- \nDropIt Panel alert (" + message.EventKind + ")\n" };

        using var client = new SmtpClient { Timeout = 30_000 };
        try
        {
            var security = settings.GetValueOrDefault("security", "starttls") switch
            {
                "tls" => SecureSocketOptions.SslOnConnect,
                "none" => SecureSocketOptions.None,
                _ => SecureSocketOptions.StartTls,
            };
            await client.ConnectAsync(host, port, security, cancellationToken);
            if (settings.TryGetValue("username", out var user) && user.Length > 0)
            {
                await client.AuthenticateAsync(user, settings.GetValueOrDefault("password", ""), cancellationToken);
            }

            var reply = await client.SendAsync(mail, cancellationToken);
            await client.DisconnectAsync(true, cancellationToken);
            return new SendResult(true, SendResult.Trim($"SMTP {host}:{port}: {reply}"), null);
        }
        catch (SmtpCommandException e)
        {
            var answer = SendResult.Trim($"SMTP {(int)e.StatusCode} {e.Message}");
            return new SendResult(false, answer, $"The SMTP server {host}:{port} refused the message: {answer}");
        }
        catch (AuthenticationException e)
        {
            return new SendResult(false, SendResult.Trim(e.Message),
                $"The SMTP server {host}:{port} refused the login: {e.Message} Check the user name and password.");
        }
        catch (Exception e) when (e is SmtpProtocolException or SslHandshakeException or SocketException or IOException
            or NotSupportedException or ServiceNotConnectedException or ServiceNotAuthenticatedException
            || e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new SendResult(false, null,
                $"Could not send through {host}:{port}: {SendResult.Trim(e.Message)} Check the host, port and security (starttls on 587, tls on 465).");
        }
    }
}
