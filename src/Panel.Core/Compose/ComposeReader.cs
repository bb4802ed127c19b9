using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace DropIt.Panel.Core.Compose;

/// <summary>Reads a compose file's text into a <see cref="ComposeModel"/>, collecting errors and warnings.</summary>
internal sealed class ComposeReader(ComposeReadOptions options)
{
    private readonly ComposeProblems problems = new();

    public ComposeProblems Problems => problems;

    public ComposeModel? Read(string yaml)
    {
        var root = Parse(yaml);
        if (root is null)
        {
            return null;
        }

        foreach (var (key, at, _) in ComposeYaml.Entries(root))
        {
            if (key == "name")
            {
                problems.Warn("name: is left out: the panel names the stack itself.", at);
            }
            else if (!ComposeKeys.TopLevel.Contains(key) && !ComposeYaml.IsExtension(key))
            {
                problems.Error($"'{key}' is not a top-level key of a compose file: use services, volumes, networks, secrets, configs (or x-* for your own). Remove it.", at);
            }
        }

        if (ComposeYaml.Get(root, "services") is not YamlMappingNode services || services.Children.Count == 0)
        {
            problems.Error("the file has no services: list them under a top-level services: key.", ComposeYaml.Get(root, "services") ?? root);
            return null;
        }

        ComposeVariables.Check(root, options.Environment, problems);
        var declared = new ComposeTopLevelReader(options, problems).Read(root);
        var volumes = new ComposeVolumes(options, declared.Volumes, problems);
        var reader = new ComposeServiceReader(options, declared, volumes, problems);
        var models = new List<ComposeServiceModel>();
        foreach (var (name, at, node) in ComposeYaml.Entries(services))
        {
            if (!ComposeYaml.IsExtension(name) && reader.Read(name, at, node) is { } model)
            {
                models.Add(model);
            }
        }

        ComposeDependencies.Check(models, services, problems);
        LabelDomains = reader.LabelDomains;
        return new ComposeModel(models, declared, volumes.FolderVolumes.Values.ToList());
    }

    public IReadOnlyList<ComposeLabelDomain> LabelDomains { get; private set; } = [];

    private static int LastReadableLine(string yaml)
    {
        var scanner = new Scanner(new StringReader(yaml));
        var line = 1;
        try
        {
            while (scanner.MoveNext())
            {
                line = (int)scanner.Current!.End.Line;
            }
        }
        catch (Exception e) when (e is InvalidOperationException or YamlException)
        {
            // The line of the last token read is where the reader stopped.
        }

        return line;
    }

    private YamlMappingNode? Parse(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            var message = e.Message;
            var cut = message.IndexOf("): ", StringComparison.Ordinal);
            message = cut >= 0 && message.StartsWith('(') ? message[(cut + 3)..] : message;
            problems.Errors.Add(new ComposeProblem($"the file is not valid YAML: {message}", (int)e.Start.Line));
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner fails this way on some unclosed flow collections ("[ a" followed by a mapping).
            problems.Errors.Add(new ComposeProblem(
                "the file is not valid YAML: a list or mapping written in brackets ([...] or {...}) is not closed, or a value is not indented.",
                LastReadableLine(yaml)));
            return null;
        }

        if (stream.Documents.Count == 0)
        {
            problems.Error("the file is empty: write a compose file with a services: key.", null);
            return null;
        }

        if (stream.Documents.Count > 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            problems.Error("the file must be one YAML document, a mapping with a services: key.", stream.Documents[0].RootNode);
            return null;
        }

        if (ComposeYaml.ResolveMerges(root) is { } badKey)
        {
            problems.Error("keys must be plain names; this key is a list or a mapping.", badKey);
            return null;
        }

        return root;
    }
}
