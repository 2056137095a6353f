using ConicDsl.Compiler.IO;
using ConicDsl.Tests.Support;

namespace ConicDsl.Tests.Compiler;

public class AtomicFileTests
{
    [Test]
    public void AFailedWriteLeavesTheOldFileAndNoTemporary()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "out.json");
        AtomicFile.WriteAllText(path, "old");
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, s =>
        {
            s.Write(new byte[] { 1, 2, 3 });
            throw new InvalidOperationException("killed mid-write");
        }));
        Assert.That(File.ReadAllText(path), Is.EqualTo("old"));
        Assert.That(Directory.GetFiles(dir.Path), Has.Length.EqualTo(1), "temporary file removed");
        AtomicFile.WriteAllText(path, "new");
        Assert.That(File.ReadAllText(path), Is.EqualTo("new"));
    }
}
