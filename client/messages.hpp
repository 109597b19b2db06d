#pragma once
// Data in words: everything the client shows that comes from shared rules or
// the server as codes (problems, API errors, sync issues, categories, roles)
// is put into the user's language here, through the translation table.
#include "i18n.hpp"
#include "net/api_client.hpp"
#include "sync/engine.hpp"

#include "zx/core/problem.hpp"
#include "zx/space/records.hpp"
#include "zx/tours/base.hpp"
#include "zx/wire/api.hpp"

#include <string>
#include <string_view>

namespace zx::client {

// A problem found by a shared rule or sent by the server, as a sentence.
std::string describe(Lang l, const Problem& p);
// Why no answer arrived: unreachable, or a URL or a certificate refused.
std::string describe(Lang l, platform::HttpFailure f);
// The status bar's words for a server not reachable now, and why.
std::string offline_status(Lang l, platform::HttpFailure f);
// Why a request failed: no answer (describe(HttpFailure)), a refusal (its
// problem when it has one), an HTTP status.
std::string describe(Lang l, const ApiReply& r);
// Why a local edit was not saved.
std::string describe(Lang l, const EditOutcome& o);
// The sync state for the status bar.
std::string describe(Lang l, const SyncStatus& s);

// What kind of record a synced collection holds ("notes" → 笔记), for lists
// that name records of any kind (the "needs attention" view).
const char* collection_label(Lang l, std::string_view collection);
const char* label(Lang l, BaseCategory c);
const char* label(Lang l, BaseLevel v);
const char* label(Lang l, BaseStatus v);
const char* label(Lang l, ActivityKind k);
const char* label(Lang l, WorkState w);
const char* role_label(Lang l, api::Role r);
// "初一" / "Grade 7"; "any" for 0.
std::string grade_label(Lang l, int grade);
// "乘车" / "Bus" for a route leg's mode code; unknown codes as they are.
std::string travel_mode_label(Lang l, const std::string& mode);
// A field name of a problem ("title", "changes[2].body") in words, or as it is.
std::string field_label(Lang l, const std::string& field);

}  // namespace zx::client
