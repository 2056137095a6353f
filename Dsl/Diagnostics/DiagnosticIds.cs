namespace ConicDsl.Dsl.Diagnostics;

/// <summary>
/// Every diagnostic id the tool can emit, with a one-line title used by <c>docs/errors.md</c>.
/// CNN10xx: syntax. CNN11xx: meaning of a model (semantic checks). CNN12xx: binding a model to its data
/// and patterns (located in the model file). CNN2xxx: faults inside a data file (row/column located).
/// Ids are never reused for a different meaning.
/// </summary>
public static class DiagnosticIds
{
    // Syntax
    public const string SyntaxError = "CNN1001";
    public const string UnterminatedString = "CNN1002";
    public const string UnknownStatement = "CNN1003";
    public const string UnknownLayer = "CNN1004";
    public const string BadNumber = "CNN1005";
    public const string MissingBrace = "CNN1006";
    public const string NoModel = "CNN1007";
    public const string ModelFileUnreadable = "CNN1008";

    // Semantics
    public const string MissingStatement = "CNN1101";
    public const string DuplicateStatement = "CNN1102";
    public const string NegativeBeta = "CNN1103";
    public const string NonPositiveCount = "CNN1104";
    public const string NonIntegerCount = "CNN1105";
    public const string UnknownBackend = "CNN1106";
    public const string UnknownLoss = "CNN1107";
    public const string UnknownRegularizer = "CNN1108";
    public const string BadSolverOption = "CNN1109";
    public const string UnsupportedNetwork = "CNN1110";
    public const string BadArrangements = "CNN1111";
    public const string DuplicateColumnReference = "CNN1112";
    public const string NoWeightDecay = "CNN1113";
    public const string IneffectiveRelaxation = "CNN1114";
    public const string BadLossParameter = "CNN1115";
    public const string BadActivationCoefficients = "CNN1116";
    public const string RegularizerMismatch = "CNN1117";
    public const string IneffectiveArrangements = "CNN1118";
    public const string BadRegularizationPath = "CNN1125";
    public const string OutputTargetMismatch = "CNN1120";
    public const string UnsupportedLossForOutputs = "CNN1121";

    // Binding (located in the model file)
    public const string DataFileMissing = "CNN1201";
    public const string TargetColumnMissing = "CNN1202";
    public const string FeatureColumnMissing = "CNN1203";
    public const string TargetNotBinary = "CNN1204";
    public const string ArrangementTooLarge = "CNN1205";
    public const string NoFeatures = "CNN1206";
    public const string InputShapeMismatch = "CNN1207";
    public const string ClassCountMismatch = "CNN1220";
    public const string TighteningTooLarge = "CNN1221";
    /// <summary>The program would need more memory than --memory-limit allows (default: half the available memory).</summary>
    public const string ProgramTooLarge = "CNN1230";

    // Data file faults (located by row and column of the data file)
    public const string EmptyDataFile = "CNN2001";
    public const string NonNumericCell = "CNN2002";
    public const string EmptyCell = "CNN2003";
    public const string RaggedRow = "CNN2004";
    public const string TooFewRows = "CNN2005";
    public const string DuplicateColumnName = "CNN2006";
    public const string NonFiniteCell = "CNN2007";
    public const string UnclosedQuote = "CNN2008";

    // Network files read by 'certify' (located by line and column of the JSON file)
    public const string NetworkFileUnreadable = "CNN3001";
    public const string NetworkFileNotJson = "CNN3002";
    public const string NetworkFieldMissing = "CNN3003";
    public const string NetworkDimensionMismatch = "CNN3004";
    public const string NetworkModelMismatch = "CNN3005";

    public static readonly IReadOnlyDictionary<string, string> Titles = new Dictionary<string, string>
    {
        [SyntaxError] = "syntax error: the text does not match the grammar",
        [UnterminatedString] = "a string literal is not closed before the end of the line",
        [UnknownStatement] = "unknown statement inside a model block",
        [UnknownLayer] = "unknown layer inside a network block",
        [BadNumber] = "a number was expected or is malformed",
        [MissingBrace] = "a block is not closed with '}'",
        [NoModel] = "the file holds no 'model NAME { ... }' block, or text follows it",
        [ModelFileUnreadable] = "the model file does not exist or cannot be read",
        [MissingStatement] = "a required statement (data, network, loss) is missing",
        [DuplicateStatement] = "a statement that may appear once appears twice",
        [NegativeBeta] = "the weight-decay coefficient is negative",
        [NonPositiveCount] = "a width, count or limit is zero or negative",
        [NonIntegerCount] = "a width, count, seed or limit is not an integer",
        [UnknownBackend] = "the solve statement names a backend that does not exist",
        [UnknownLoss] = "unknown loss",
        [UnknownRegularizer] = "unknown regularizer",
        [BadSolverOption] = "unknown solver option, or an option value of the wrong kind",
        [UnsupportedNetwork] = "the network block describes an architecture this version cannot lower (or lower exactly)",
        [BadArrangements] = "the arrangements statement is malformed",
        [DuplicateColumnReference] = "a column is named twice, or the target is also listed as a feature",
        [NoWeightDecay] = "warning: no weight decay (β = 0), so the program may have many optimal networks",
        [IneffectiveRelaxation] = "warning: 'relaxation' has no effect because the program for this network is exact",
        [BadLossParameter] = "a loss's parameter is misplaced or out of range (delta)",
        [BadActivationCoefficients] = "the coefficients of a 'quadratic' layer's activation are out of range (a = 0, or not finite)",
        [RegularizerMismatch] = "the regularizer does not fit the network (l1_output is for 'quadratic' layers, weight_decay for the others)",
        [IneffectiveArrangements] = "warning: the arrangements statement has no effect because the network has no ReLU (quadratic layer)",
        [BadRegularizationPath] = "a regularization path's range is empty or not positive, or it has fewer than 2 steps",
        [OutputTargetMismatch] = "the number of target columns differs from the number of outputs",
        [UnsupportedLossForOutputs] = "the loss is not lowered for vector outputs",
        [ClassCountMismatch] = "a class-label target has a different number of classes than the network has outputs",
        [TighteningTooLarge] = "'relaxation tight' would add more rows than its limit (patterns × n(n−1)/2)",
        [DataFileMissing] = "the data file does not exist or cannot be read",
        [TargetColumnMissing] = "the target column is not in the data file's header",
        [FeatureColumnMissing] = "a feature column is not in the data file's header",
        [TargetNotBinary] = "hinge loss needs a target with exactly two distinct values",
        [ArrangementTooLarge] = "exact enumeration would produce more patterns than the limit",
        [NoFeatures] = "the data file has no feature columns besides the target",
        [InputShapeMismatch] = "the input shape (length × channels) does not match the number of feature columns",
        [EmptyDataFile] = "the data file is empty or has no header row",
        [NonNumericCell] = "a cell is not a number",
        [EmptyCell] = "a cell is empty",
        [RaggedRow] = "a row has a different number of cells than the header",
        [TooFewRows] = "the data file has fewer than 2 data rows",
        [DuplicateColumnName] = "two header cells have the same name",
        [NonFiniteCell] = "a cell is NaN or infinite",
        [NetworkFileUnreadable] = "the network file given to 'certify' does not exist or cannot be read",
        [NetworkFileNotJson] = "the network file is not valid JSON",
        [NetworkFieldMissing] = "a required field of the network file is missing or has the wrong type",
        [NetworkDimensionMismatch] = "the network's weights do not have the sizes the model and data imply",
        [NetworkModelMismatch] = "the network file describes a different architecture, bias mode, feature list or input transform than the model",
    };
}
