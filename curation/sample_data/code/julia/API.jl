"The version of PythonCall."
const VERSION = v"0.9.37"

include("types.jl")
include("functions.jl")
include("macros.jl")
include("exports.jl")
include("publics.jl")
