using System.Buffers;
using System.Net;
using System.Text;

namespace DropIt.Panel.Core.Deployments;

/// <summary>
/// Hides secrets in log lines: every occurrence of a secret, of its URL-encoded form and of its
/// base64 form (also inside a longer base64 text such as a Basic <c>Authorization</c> header)
/// becomes <see cref="Replacement"/>. Built once per deployment, then safe to use from several threads.
/// </summary>
public sealed class SecretMasker
{
    /// <summary>What a hidden secret is replaced with.</summary>
    public const string Replacement = "********";

    /// <summary>Shorter secrets are ignored, or every line would be full of masks.</summary>
    public const int MinimumLength = 3;

    /// <summary>Shortest base64 fragment searched for, so that short secrets do not mask random text.</summary>
    private const int MinimumBase64FragmentLength = 6;

    /// <summary>Shortest line of a multi-line secret masked on its own (not every "}," of a JSON key).</summary>
    private const int MinimumPartLength = 8;

    private readonly string[] patterns;
    private readonly SearchValues<string>? search;

    public SecretMasker(IEnumerable<string?> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);

        var forms = new HashSet<string>(StringComparer.Ordinal);
        foreach (var secret in secrets)
        {
            if (secret is null)
            {
                continue;
            }

            AddForms(forms, secret);
            if (secret.Contains('\n', StringComparison.Ordinal))
            {
                // A multi-line secret (a private key) is usually logged one line at a time.
                foreach (var part in secret.Split('\n', StringSplitOptions.TrimEntries))
                {
                    if (part.Length >= MinimumPartLength)
                    {
                        AddForms(forms, part);
                    }
                }
            }
        }

        forms.RemoveWhere(form => form.Length < MinimumLength);
        patterns = [.. forms.OrderByDescending(form => form.Length).ThenBy(form => form, StringComparer.Ordinal)];
        search = patterns.Length == 0 ? null : SearchValues.Create(patterns, StringComparison.Ordinal);
    }

    /// <summary>Returns <paramref name="line"/> with every secret replaced by <see cref="Replacement"/>.</summary>
    /// <remarks>Overlapping or adjacent secrets become a single mask, so no part of either shows.</remarks>
    public string Mask(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (search is null)
        {
            return line;
        }

        var span = line.AsSpan();
        var position = span.IndexOfAny(search);
        if (position < 0)
        {
            return line;
        }

        var builder = new StringBuilder(line.Length);
        var copied = 0;
        var maskedEnd = -1;
        while (position >= 0)
        {
            var end = position + LongestMatchAt(span, position);
            if (position > maskedEnd)
            {
                builder.Append(span[copied..position]).Append(Replacement);
                copied = maskedEnd = end;
            }
            else if (end > maskedEnd)
            {
                copied = maskedEnd = end;
            }

            var next = span[(position + 1)..].IndexOfAny(search);
            position = next < 0 ? -1 : position + 1 + next;
        }

        return builder.Append(span[copied..]).ToString();
    }

    private int LongestMatchAt(ReadOnlySpan<char> span, int position)
    {
        foreach (var pattern in patterns)
        {
            if (span[position..].StartsWith(pattern, StringComparison.Ordinal))
            {
                return pattern.Length;
            }
        }

        return 0;
    }

    private static void AddForms(HashSet<string> forms, string secret)
    {
        if (secret.Length < MinimumLength)
        {
            return;
        }

        forms.Add(secret);
        forms.Add(Uri.EscapeDataString(secret));
        forms.Add(WebUtility.UrlEncode(secret));

        var bytes = Encoding.UTF8.GetBytes(secret);
        var whole = Convert.ToBase64String(bytes);
        forms.Add(whole);
        forms.Add(ToBase64Url(whole));

        // Inside a longer base64 text the secret starts at any of the three byte offsets of a
        // 3-byte group; keep only the characters that depend on the secret's bits alone.
        for (var shift = 0; shift < 3; shift++)
        {
            var padded = new byte[(shift + bytes.Length + 2) / 3 * 3];
            bytes.CopyTo(padded, shift);
            var encoded = Convert.ToBase64String(padded);
            var start = (8 * shift + 5) / 6;
            var end = (8 * (shift + bytes.Length)) / 6;
            if (end - start >= MinimumBase64FragmentLength)
            {
                var fragment = encoded[start..end];
                forms.Add(fragment);
                forms.Add(ToBase64Url(fragment));
            }
        }
    }

    private static string ToBase64Url(string base64) =>
        base64.TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
