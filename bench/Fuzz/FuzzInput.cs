namespace ConicDsl.Fuzz;

/// <summary>What a generated input is fed to.</summary>
public enum FuzzTargetKind { ModelFile, CsvFile }

/// <summary>One generated input; <see cref="Index"/> and the campaign's seed reproduce it.</summary>
public sealed record FuzzInput(long Index, FuzzTargetKind Kind, string Generator, byte[] Bytes);
