using System.Text.Json.Nodes;
using ConicDsl.Compiler.Data;

namespace ConicDsl.Compiler.Recovery;

/// <summary>
/// A recovered non-convex network of any architecture. Its objective is computed by running it forward
/// (<see cref="Predict"/>) and summing the squares of the weights the weight decay acts on — never from the convex
/// program that produced it.
/// </summary>
public interface ITrainedNetwork
{
    /// <summary>The architecture's wire name (network.json's <c>architecture</c>).</summary>
    string Architecture { get; }

    /// <summary>Hidden units with a nonzero output weight (neurons, filters or sub-networks).</summary>
    int Units { get; }

    /// <summary>f(x) for every sample of the bound (standardised, if asked) data. A network with C ≥ 2 outputs returns
    /// n·C numbers row-major (sample k's outputs at k·C … k·C + C − 1), the layout of <see cref="Dataset.Targets"/>.</summary>
    double[] Predict(Dataset data);

    /// <summary>C, the number of outputs f(x) has.</summary>
    int Outputs => 1;

    /// <summary>Σ of the squared weights that the (β/2)·Σ weight decay penalises (norm-constrained filters excluded).</summary>
    double SquaredWeightSum();

    /// <summary>The regularizer's value at these weights for coefficient β: (β/2)·<see cref="SquaredWeightSum"/> for
    /// weight decay; an architecture with another penalty (the quadratic layer's β·Σ|α|) says so here.</summary>
    double Penalty(double beta) => 0.5 * beta * SquaredWeightSum();

    /// <summary>The layers as JSON (network.json's <c>layers</c>).</summary>
    JsonArray LayersJson();

    /// <summary>One line: the function the layers compute, in the notation of <see cref="LayersJson"/>.</summary>
    string FunctionText { get; }

    /// <summary>One line: what the weight decay penalises and which weights are norm-constrained.</summary>
    string RegularizerText { get; }
}
