using System.Collections.Immutable;
using ConicDsl.Compiler.Recovery;
using MathNet.Numerics.LinearAlgebra;

namespace ConicDsl.Compiler.Architectures.VectorOutput;

/// <summary>
/// For the squared loss, lowers the objective of a ReLU network whose first layer is fixed: alternately the ridge
/// solution V = (HᵀH + βI)⁻¹HᵀY of ½‖HV − Y‖² + (β/2)‖V‖² (H the hidden units' outputs on the data; exact, so the
/// objective cannot rise) and the balancing rescale u_j → t·u_j, v_j → v_j/t with ‖u_j‖ = ‖v_j‖ (same predictions,
/// penalty not raised, by AM–GM). Used when the relaxation's neurons leave their cones: the SVD network is then only
/// an upper bound, and this makes that bound tighter without claiming anything more.
/// </summary>
public static class SecondLayerRefit
{
    private const int Rounds = 25;

    /// <param name="x">X̃ (n × d), the bias column last when the network has a bias.</param>
    /// <param name="y">Targets, n·C row-major.</param>
    public static ImmutableArray<VectorNeuron> Improve(IReadOnlyList<VectorNeuron> neurons, double[,] x, double[] y,
        int outputs, double beta, bool bias)
    {
        int n = x.GetLength(0), m = neurons.Count;
        if (m == 0 || !(beta > 0)) return neurons.ToImmutableArray();
        var u = neurons.Select(nu => Weights(nu, bias)).ToArray();
        var target = Matrix<double>.Build.Dense(n, outputs, (k, c) => y[k * outputs + c]);
        Matrix<double> v = Matrix<double>.Build.Dense(m, outputs, (j, c) => neurons[j].OutputWeights[c]);
        for (int round = 0; round < Rounds; round++)
        {
            var h = Matrix<double>.Build.Dense(n, m, (k, j) => Math.Max(0, Dot(x, k, u[j])));
            var gram = h.TransposeThisAndMultiply(h) + beta * Matrix<double>.Build.DenseIdentity(m);
            v = gram.Cholesky().Solve(h.TransposeThisAndMultiply(target));
            for (int j = 0; j < m; j++)
            {
                double nu = Math.Sqrt(u[j].Sum(e => e * e)), nv = v.Row(j).L2Norm();
                if (nu == 0 || nv == 0) continue;
                double t = Math.Sqrt(nv / nu);
                for (int i = 0; i < u[j].Length; i++) u[j][i] *= t;
                v.SetRow(j, v.Row(j) / t);
            }
        }
        var result = ImmutableArray.CreateBuilder<VectorNeuron>(m);
        for (int j = 0; j < m; j++)
        {
            var w = bias ? u[j][..^1] : u[j];
            result.Add(new VectorNeuron(w.ToImmutableArray(), bias ? u[j][^1] : 0, v.Row(j).ToArray().ToImmutableArray()));
        }
        return result.MoveToImmutable();
    }

    private static double[] Weights(VectorNeuron neuron, bool bias) =>
        bias ? neuron.Weights.Append(neuron.Bias).ToArray() : neuron.Weights.ToArray();

    private static double Dot(double[,] x, int k, double[] u)
    {
        double s = 0;
        for (int j = 0; j < u.Length; j++) s += x[k, j] * u[j];
        return s;
    }
}
