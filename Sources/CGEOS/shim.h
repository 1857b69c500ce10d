#ifndef NRPLAN_CGEOS_SHIM_H
#define NRPLAN_CGEOS_SHIM_H
// Only the reentrant (_r) GEOS C API is used; GEOS_USE_ONLY_R_API hides the non-reentrant one so
// nothing in Sources/Geo can call it by accident.
#define GEOS_USE_ONLY_R_API
#include <geos_c.h>
#endif
