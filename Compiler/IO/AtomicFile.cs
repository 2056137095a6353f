using System.Text;

namespace ConicDsl.Compiler.IO;

/// <summary>
/// Writes a file so that readers see either the old content or the complete new one, never a prefix:
/// the bytes go to a temporary file in the same folder, are flushed to disk, and the file is renamed over
/// the target (rename within one file system is atomic on POSIX).
/// </summary>
public static class AtomicFile
{
    public static void WriteAllText(string path, string content) =>
        Write(path, stream =>
        {
            var bytes = new UTF8Encoding(false).GetBytes(content);
            stream.Write(bytes);
        });

    public static void Write(string path, Action<Stream> writeContent)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(dir);
        var temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                writeContent(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
