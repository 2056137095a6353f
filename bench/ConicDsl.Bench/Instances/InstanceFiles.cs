namespace ConicDsl.Bench.Instances;

/// <summary>
/// The bench's <c>instance NAME DIR</c> mode: writes an instance's <c>data.csv</c> and one model file per solve route
/// (<c>ipm.cnn</c>, <c>al.cnn</c>) into DIR and keeps them, so that a reference optimum (bench/references.md) can be
/// recomputed with plain <c>conicdsl solve</c> on exactly the numbers the orchestrator generates.
/// </summary>
public static class InstanceFiles
{
    public static int Write(string name, string directory)
    {
        var root = Directory.CreateDirectory(directory).FullName;
        var repository = AppContext.BaseDirectory;
        for (var dir = new DirectoryInfo(repository); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ConicDsl.sln"))) { repository = dir.FullName; break; }
        var instance = InstanceCatalog.Create(name, root, repository);
        var ipm = instance.WriteModel("ipm", "solve native method ipm kkt sparse");
        var al = instance.WriteModel("al", "solve native method al");
        Console.WriteLine($"{instance.DataPath}\n{ipm}\n{al}");
        return 0;
    }
}
