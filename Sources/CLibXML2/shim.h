// libxml2 built with ICU would pull the system's ICU headers (unicode/ucnv.h) into this
// module, and they clash with the ICU module Foundation ships (`_FoundationICU`): any file
// importing both fails to compile in some build configurations (sanitizer builds showed it).
// archlint never touches libxml2's encoding-handler structs, the only place ICU types
// appear, so it reads the headers as if ICU were off. Calls are unaffected.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/xmlwriter.h>
#include <libxml/xmlschemas.h>
#include <libxml/parser.h>
