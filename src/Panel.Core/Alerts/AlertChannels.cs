using DropIt.Panel.Core.Audit;
using DropIt.Panel.Core.Common;
using DropIt.Panel.Core.Secrets;
using Microsoft.EntityFrameworkCore;

namespace DropIt.Panel.Core.Alerts;

/// <summary>Creates, changes, lists and deletes alert channels; their secrets are protected before they are stored.</summary>
public sealed class AlertChannels(IPanelDbContext db, ISecretProtector protector, AuditTrail audit, TimeProvider clock)
{
    public const string ChannelSaved = "alert-channel.saved";
    public const string ChannelDeleted = "alert-channel.deleted";

    public async Task<IReadOnlyList<AlertChannelView>> ListAsync(CancellationToken cancellationToken)
    {
        var channels = await db.AlertChannels.AsNoTracking().ToListAsync(cancellationToken);
        var routes = await db.AlertRoutes.AsNoTracking().ToListAsync(cancellationToken);
        return channels.OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
            .Select(c => View(c, routes.Where(r => r.ChannelId == c.Id).Select(r => r.EventKind))).ToList();
    }

    public async Task<AlertChannelView?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        (await ListAsync(cancellationToken)).FirstOrDefault(c => c.Id == id);

    public async Task<Outcome<AlertChannelView>> CreateAsync(AlertChannelInput input, Actor actor, CancellationToken cancellationToken)
    {
        if (AlertChannelKinds.Parse(input.Kind) is not { } kind)
        {
            return Outcome<AlertChannelView>.Invalid(
                $"The kind '{input.Kind}' is unknown; use email, webhook, slack, discord, telegram or ntfy.");
        }

        var channel = new AlertChannel { Id = Guid.NewGuid(), Kind = kind, CreatedAt = clock.GetUtcNow() };
        return await SaveAsync(channel, input with { Events = input.Events ?? [.. AlertEventKinds.All.Select(k => k.Kind)] },
            isNew: true, actor, cancellationToken);
    }

    public async Task<Outcome<AlertChannelView>> UpdateAsync(Guid id, AlertChannelInput input, Actor actor,
        CancellationToken cancellationToken)
    {
        var channel = await db.AlertChannels.FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (channel is null)
        {
            return Outcome<AlertChannelView>.NotFound("No alert channel has this id.");
        }

        if (input.Kind is not null && AlertChannelKinds.Parse(input.Kind) != channel.Kind)
        {
            return Outcome<AlertChannelView>.Invalid("A channel's kind cannot change; create a new channel of the other kind.");
        }

        return await SaveAsync(channel, input, isNew: false, actor, cancellationToken);
    }

    public async Task<Outcome<bool>> DeleteAsync(Guid id, Actor actor, CancellationToken cancellationToken)
    {
        var channel = await db.AlertChannels.FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (channel is null)
        {
            return Outcome<bool>.NotFound("No alert channel has this id.");
        }

        db.AlertChannels.Remove(channel);
        audit.Add(actor, ChannelDeleted, channel.Name);
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<bool>.Ok(true);
    }

    private async Task<Outcome<AlertChannelView>> SaveAsync(AlertChannel channel, AlertChannelInput input, bool isNew, Actor actor,
        CancellationToken cancellationToken)
    {
        var name = (input.Name ?? channel.Name).Trim();
        if (name.Length is 0 or > AlertChannel.NameMaxLength)
        {
            return Outcome<AlertChannelView>.Invalid($"Give the channel a name of 1 to {AlertChannel.NameMaxLength} characters.");
        }

        if (await db.AlertChannels.AnyAsync(c => c.Name == name && c.Id != channel.Id, cancellationToken))
        {
            return Outcome<AlertChannelView>.Conflict($"A channel named '{name}' exists already; choose another name.");
        }

        var unknown = input.Events?.FirstOrDefault(e => !AlertEventKinds.IsKnown(e));
        if (unknown is not null)
        {
            return Outcome<AlertChannelView>.Invalid(
                $"The event '{unknown}' is unknown; events are {string.Join(", ", AlertEventKinds.All.Select(k => k.Kind))}.");
        }

        var stored = AlertChannelSettings.Read(channel.SettingsJson);
        var open = new Dictionary<string, string>(AlertChannelSettings.Open(channel, protector));
        foreach (var (key, value) in input.Settings ?? [])
        {
            var secret = AlertChannelSettings.IsSecret(channel.Kind, key);
            if (secret && string.IsNullOrEmpty(value))
            {
                continue;
            }

            if (string.IsNullOrWhiteSpace(value))
            {
                open.Remove(key);
            }
            else
            {
                open[key] = value.Trim();
            }
        }

        if (AlertChannelRules.Check(channel.Kind, open) is { } error)
        {
            return Outcome<AlertChannelView>.Invalid(error);
        }

        var next = new Dictionary<string, string>();
        foreach (var (key, value) in open)
        {
            var field = AlertChannelSettings.FieldsOf(channel.Kind).First(f => f.Key == key);
            if (!field.Secret && value == field.Default && !stored.ContainsKey(key) && input.Settings?.ContainsKey(key) != true)
            {
                continue;
            }

            next[key] = field.Secret ? protector.Protect(value) : value;
        }

        channel.Name = name;
        channel.SettingsJson = AlertChannelSettings.Write(next);
        channel.Enabled = input.Enabled ?? channel.Enabled;
        if (isNew)
        {
            db.AlertChannels.Add(channel);
        }

        if (input.Events is { } events)
        {
            db.AlertRoutes.RemoveRange(await db.AlertRoutes.Where(r => r.ChannelId == channel.Id).ToListAsync(cancellationToken));
            db.AlertRoutes.AddRange(events.Distinct().Select(e => new AlertRoute { EventKind = e, ChannelId = channel.Id }));
        }

        audit.Add(actor, ChannelSaved, name, AlertChannelKinds.Name(channel.Kind));
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<AlertChannelView>.Ok((await FindAsync(channel.Id, cancellationToken))!);
    }

    private static AlertChannelView View(AlertChannel channel, IEnumerable<string> events)
    {
        var (settings, secrets) = AlertChannelSettings.Shown(channel);
        return new AlertChannelView(channel.Id, channel.Name, AlertChannelKinds.Name(channel.Kind), channel.Enabled, settings, secrets,
            events.Order().ToList(), channel.CreatedAt, channel.LastSentAt, channel.LastError, channel.LastErrorAt);
    }
}
