using System.Runtime.CompilerServices;

// The cone algebra, scaling and factorization are tested directly against independent arithmetic.
[assembly: InternalsVisibleTo("ConicDsl.Tests")]
