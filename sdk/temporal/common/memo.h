// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// Memo: the non-indexed values Temporal keeps with a workflow run, one value
// per key. The same type everywhere a memo appears: starting a workflow from
// a client, describing one, starting a child or continuing as new from a
// workflow, and a workflow reading its own memo.
//
//   temporal::Memo memo{{"customer", temporal::Values::Of(std::string("c-7"))}};
//   std::string customer = memo.at("customer").Get<std::string>();
#ifndef TEMPORAL_COMMON_MEMO_H_
#define TEMPORAL_COMMON_MEMO_H_

#include <map>
#include <string>

#include "temporal/common/values.h"

namespace temporal {

// Memo: see the file comment. Each Values holds exactly one value.
using Memo = std::map<std::string, Values>;

}  // namespace temporal

#endif  // TEMPORAL_COMMON_MEMO_H_
