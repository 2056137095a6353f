using ConicDsl.Compiler.Data;
using ConicDsl.Compiler.Patterns;

namespace ConicDsl.Compiler.Architectures.ConvPool;

/// <summary>
/// The cones of sum and mean pooling (math.md §4.2). A filter u has one activation pattern over all nK patches,
/// D = diag(1[X_st u ≥ 0]) = blockdiag(D¹, …, D^K), so the patterns are those of the stacked patch matrix X_st; on
/// its cone the pooled response is A u with A = scale·Σ_k D^k X_k (scale 1 for sum, 1/K for mean) and the cone is
/// G u ≥ 0 with G = (2D − I) X_st.
/// </summary>
public static class StackedPatchCones
{
    public static List<ConeBlock> Build(PatchLayout layout, Dataset data, PatternSet patterns, double scale)
    {
        int n = data.Samples, positions = layout.Count, h = layout.Size;
        var stacked = layout.Stacked(data);
        var blocks = new List<ConeBlock>(patterns.Count);
        for (int i = 0; i < patterns.Count; i++)
        {
            var map = new double[n, h];
            var membership = new double[n * positions, h];
            for (int row = 0; row < n * positions; row++)
            {
                bool active = patterns.IsActive(i, row);
                int sample = row % n;
                for (int j = 0; j < h; j++)
                {
                    double x = stacked[row, j];
                    membership[row, j] = active ? x : -x;
                    if (active) map[sample, j] += x;
                }
            }
            // A pattern that switches on only all-zero patches contributes nothing.
            if (IsZero(map)) continue;
            if (scale != 1)
                for (int s = 0; s < n; s++)
                for (int j = 0; j < h; j++)
                    map[s, j] *= scale;
            blocks.Add(new ConeBlock(i, map, membership));
        }
        return blocks;
    }

    internal static bool IsZero(double[,] m)
    {
        foreach (var e in m) if (e != 0) return false;
        return true;
    }
}
