using System.Collections.Immutable;
using ConicDsl.Compiler.Data;
using ConicDsl.Compiler.Recovery;

namespace ConicDsl.Compiler.Prediction;

/// <summary>
/// A network read back from a network.json, with what is needed to run it on raw data: the feature columns in
/// order, the input transform the weights expect, and how outputs map back to labels (binary labels, or one-hot
/// classes for vector outputs).
/// </summary>
public sealed record SavedNetwork(
    ITrainedNetwork Network,
    ImmutableArray<string> Features,
    Standardization? Transform,
    LabelMapping? Labels,
    ImmutableArray<string> OutputNames,
    ImmutableArray<double> Classes)
{
    public int Outputs => Network.Outputs;
}
