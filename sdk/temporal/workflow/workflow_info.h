// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// WorkflowInfo: what a workflow knows about its own run.
//
//   const temporal::workflow::WorkflowInfo& info = temporal::workflow::Info();
//   if (info.continue_as_new_suggested) co_await ...;
//   if (info.memo.count("customer")) customer = info.memo.at("customer").Get<std::string>();
//   // or: std::optional<std::string> customer = temporal::workflow::GetMemo<std::string>("customer");
#ifndef TEMPORAL_WORKFLOW_WORKFLOW_INFO_H_
#define TEMPORAL_WORKFLOW_WORKFLOW_INFO_H_

#include <cstdint>
#include <optional>
#include <string>

#include "temporal/common/duration.h"
#include "temporal/common/memo.h"

namespace temporal::workflow {

// WorkflowInfo: see the file comment. History length, size and the
// continue-as-new suggestion are those of the current workflow task.
struct WorkflowInfo {
  std::string workflow_id;
  std::string run_id;
  std::string workflow_type;
  std::string namespace_name;
  std::string task_queue;
  int32_t attempt = 1;
  std::string first_execution_run_id;
  std::string continued_from_run_id;  // empty unless continued-as-new
  std::string cron_schedule;
  std::optional<Duration> execution_timeout;
  std::optional<Duration> run_timeout;
  std::optional<Duration> task_timeout;
  Timestamp start_time{};
  std::string parent_workflow_id;  // empty for a top-level workflow
  std::string parent_run_id;
  int64_t history_length = 0;
  int64_t history_size_bytes = 0;
  bool continue_as_new_suggested = false;
  // The run's memo: the one it started with (WorkflowExecutionStarted), with
  // the workflow's own UpsertMemo calls applied as they are made. Values are
  // decoded with the run's data converter (its codecs already applied) on Get<T>().
  Memo memo;
};

}  // namespace temporal::workflow

#endif  // TEMPORAL_WORKFLOW_WORKFLOW_INFO_H_
