// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/common/version.h"

namespace temporal {

std::string_view SdkName() { return "temporal-cpp"; }

std::string_view SdkVersion() { return TEMPORAL_SDK_VERSION_STRING; }

std::string_view ApiPackageVersion() { return TEMPORAL_API_SOURCE; }

}  // namespace temporal
