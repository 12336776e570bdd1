// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// Helpers shared by Client and WorkflowHandle to build requests and read
// responses: codec application at the RPC boundary, memo values, and the
// description of a workflow execution.
#ifndef TEMPORAL_CLIENT_INTERNAL_CLIENT_REQUESTS_H_
#define TEMPORAL_CLIENT_INTERNAL_CLIENT_REQUESTS_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "temporal/api/common/v1/message.pb.h"
#include "temporal/api/workflow/v1/message.pb.h"
#include "temporal/api/workflowservice/v1/request_response.pb.h"
#include "temporal/client/workflow_handle.h"
#include "temporal/converter/data_converter.h"

namespace temporal::client_internal {

// SetEncodedPayloads runs the codecs over `payloads` and stores them in `out`.
void SetEncodedPayloads(const converter::DataConverter& converter, std::vector<Payload> payloads,
                        temporal::api::common::v1::Payloads* out);

// EncodeSingleValue converts a one-value Values (a memo entry) for the wire.
Payload EncodeSingleValue(const converter::DataConverter& converter, const Values& values);

// FirstDecoded undoes the codecs and returns the first payload, if any.
std::optional<Payload> FirstDecoded(const converter::DataConverter& converter,
                                    const temporal::api::common::v1::Payloads& payloads);

// Describe turns the server's execution info into a description.
WorkflowExecutionDescription Describe(const converter::DataConverter& converter,
                                      const temporal::api::workflow::v1::WorkflowExecutionInfo& info);

struct ClientCore;

// UpdateRequest builds the request for an update of `workflow_id` / `run_id`.
temporal::api::workflowservice::v1::UpdateWorkflowExecutionRequest UpdateRequest(
    const ClientCore& core, const std::string& workflow_id, const std::string& run_id,
    const std::string& first_execution_run_id, const std::string& update_name,
    const UpdateOptions& options, std::vector<Payload> args);

}  // namespace temporal::client_internal

#endif  // TEMPORAL_CLIENT_INTERNAL_CLIENT_REQUESTS_H_
