#pragma once
// The JSON API under /api/v1 in one include: its paths, the error body, and
// every request and response type, each with its one JSON form, so that the
// server writes and the clients read the same shapes. The sync messages
// (push, pull) live with the protocol in zx/sync/sync.hpp.
#include "zx/wire/accounts.hpp"
#include "zx/wire/bases.hpp"
#include "zx/wire/errors.hpp"
#include "zx/wire/events.hpp"
#include "zx/wire/paths.hpp"
#include "zx/wire/roster.hpp"
