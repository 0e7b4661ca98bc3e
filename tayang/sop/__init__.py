"""SOP definitions: the model, loading and checking definition files, the bundled seeds.

Plain Python with no Django import, so that the engine and the command line can use it alone.
"""

from tayang.sop.errors import DefinitionProblem, SopDefinitionError
from tayang.sop.loader import load_file, load_text
from tayang.sop.model import Sop

__all__ = ["DefinitionProblem", "Sop", "SopDefinitionError", "load_file", "load_text"]
