// The schemas of api_schema.hpp: one JSON text, in the order of the wire
// headers (errors, bases, accounts, sync), then the enums filled in from C++.
#include "api_schema.hpp"

#include "zx/core/problem.hpp"
#include "zx/sync/sync.hpp"
#include "zx/tours/base.hpp"
#include "zx/wire/api.hpp"

namespace zx::server {

namespace {

// "#/components/schemas/X" is written {"$ref": "X"} below and expanded after
// parsing, which keeps the text readable.
constexpr const char* kSchemas = R"json({
  "Error": {
    "type": "object", "required": ["error"],
    "properties": {"error": {
      "type": "object", "required": ["code", "message"],
      "properties": {
        "code": {"type": "string", "description": "HTTP-level reason: bad_request, unauthorized, forbidden, not_found, …"},
        "message": {"type": "string", "description": "the whole refusal in English"},
        "problem": {"type": "string", "description": "the zx::Code behind it, for translation"},
        "field": {"type": "string"},
        "params": {"type": "object", "additionalProperties": {"type": "string"}},
        "change": {"type": "integer", "minimum": 0, "description": "index of the refused change of a push batch"},
        "change_id": {"type": "string", "description": "id of that change"}
      }
    }}
  },

  "Health": {
    "type": "object", "required": ["status", "version", "schema_version", "bases"],
    "properties": {
      "status": {"type": "string", "enum": ["ok"]},
      "version": {"type": "string"},
      "schema_version": {"type": "integer"},
      "bases": {"type": "integer", "minimum": 0}
    }
  },
  "RatingDetail": {
    "type": "object", "required": ["safety", "course", "organisation", "value"],
    "properties": {
      "safety": {"type": "number"}, "course": {"type": "number"},
      "organisation": {"type": "number"}, "value": {"type": "number"}
    }
  },
  "Base": {
    "type": "object",
    "required": ["id", "name", "category", "level", "city", "district", "address", "lat", "lon", "demo", "rating",
                 "rating_count", "rating_detail", "capacity", "grade_min", "grade_max", "open_min", "close_min",
                 "closed_weekdays", "closed_dates", "courses", "safety", "contact", "photos", "status", "status_reason"],
    "properties": {
      "id": {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,64}$"},
      "name": {"type": "string"},
      "category": {"type": "string"},
      "level": {"type": "string"},
      "city": {"type": "string"}, "district": {"type": "string"}, "address": {"type": "string"},
      "lat": {"type": "number", "minimum": -90, "maximum": 90, "description": "WGS84"},
      "lon": {"type": "number", "minimum": -180, "maximum": 180},
      "demo": {"type": "boolean"},
      "rating": {"type": "number", "minimum": 0, "maximum": 5},
      "rating_count": {"type": "integer", "minimum": 0},
      "rating_detail": {"$ref": "RatingDetail"},
      "capacity": {"type": "integer", "minimum": 0},
      "grade_min": {"type": "integer", "minimum": 1, "maximum": 12},
      "grade_max": {"type": "integer", "minimum": 1, "maximum": 12},
      "open_min": {"type": "integer", "minimum": 0, "maximum": 1440},
      "close_min": {"type": "integer", "minimum": 0, "maximum": 1440},
      "closed_weekdays": {"type": "array", "items": {"type": "integer", "minimum": 1, "maximum": 7}},
      "closed_dates": {"type": "array", "items": {"type": "string", "format": "date"}},
      "courses": {"type": "array", "items": {"type": "string"}},
      "safety": {"type": "string"},
      "contact": {"type": "string", "description": "masked for everyone but the base's staff"},
      "photos": {"type": "array", "items": {"type": "string"}},
      "status": {"type": "string"},
      "status_reason": {"type": "string"}
    }
  },
  "RouteStop": {
    "type": "object", "required": ["base_id", "arrive_min", "leave_min", "task", "travel_min", "mode"],
    "properties": {
      "base_id": {"type": "string"},
      "arrive_min": {"type": "integer", "minimum": 0, "maximum": 1440},
      "leave_min": {"type": "integer", "minimum": 0, "maximum": 1440},
      "task": {"type": "string"},
      "travel_min": {"type": "integer", "minimum": 0, "maximum": 1440},
      "mode": {"type": "string"}
    }
  },
  "Route": {
    "type": "object", "required": ["id", "name", "description", "stops"],
    "properties": {
      "id": {"type": "string"}, "name": {"type": "string"}, "description": {"type": "string"},
      "stops": {"type": "array", "items": {"$ref": "RouteStop"}}
    }
  },
  "BaseList": {
    "type": "object", "required": ["count", "demo", "bases", "routes"],
    "properties": {
      "count": {"type": "integer", "minimum": 0},
      "demo": {"type": "boolean", "description": "any listed base is demo data"},
      "bases": {"type": "array", "items": {"$ref": "Base"}},
      "routes": {"type": "array", "items": {"$ref": "Route"}}
    }
  },
  "GeoJson": {
    "type": "object", "required": ["type", "features"],
    "description": "RFC 7946 FeatureCollection: bases as Points (\"kind\": \"base\"), routes as LineStrings (\"kind\": \"route\")",
    "properties": {
      "type": {"type": "string", "enum": ["FeatureCollection"]},
      "features": {"type": "array", "items": {
        "type": "object", "required": ["type", "geometry", "properties"],
        "properties": {"type": {"type": "string", "enum": ["Feature"]}, "id": {"type": "string"},
                       "geometry": {"type": "object", "nullable": true}, "properties": {"type": "object"}}
      }}
    }
  },
  "ImportFile": {
    "description": "a GeoJSON FeatureCollection (application/geo+json or application/json) or CSV text with a header (text/csv), up to 64 MiB",
    "oneOf": [{"$ref": "GeoJson"}, {"type": "string"}]
  },
  "ImportRowError": {
    "type": "object", "required": ["row", "id", "message", "warning", "problem"],
    "properties": {
      "row": {"type": "integer", "minimum": 0, "description": "GeoJSON: feature index; CSV: line; 0 for the whole file"},
      "id": {"type": "string"},
      "message": {"type": "string"},
      "warning": {"type": "boolean", "description": "a notice that refused nothing"},
      "problem": {"type": "string"},
      "field": {"type": "string"},
      "params": {"type": "object", "additionalProperties": {"type": "string"}}
    }
  },
  "ImportResult": {
    "type": "object", "required": ["added", "updated", "unchanged", "routes", "contacts", "rows", "dry_run", "errors"],
    "properties": {
      "added": {"type": "integer", "minimum": 0},
      "updated": {"type": "integer", "minimum": 0},
      "unchanged": {"type": "integer", "minimum": 0},
      "routes": {"type": "integer", "minimum": 0},
      "contacts": {"type": "integer", "minimum": 0, "description": "base contacts (unmasked, staff and admins only) written"},
      "rows": {"type": "integer", "minimum": 0},
      "dry_run": {"type": "boolean"},
      "errors": {"type": "array", "items": {"$ref": "ImportRowError"}}
    }
  },

  "UserInfo": {
    "type": "object", "required": ["id", "username", "display_name", "role"],
    "properties": {
      "id": {"type": "string"}, "username": {"type": "string"}, "display_name": {"type": "string"},
      "role": {"type": "string"}
    }
  },
  "RegisterRequest": {
    "type": "object", "additionalProperties": false, "required": ["username", "password", "display_name", "role"],
    "properties": {
      "username": {"type": "string", "pattern": "^[a-z0-9_.-]{3,32}$"},
      "password": {"type": "string", "minLength": 12, "maxLength": 128},
      "display_name": {"type": "string", "minLength": 1, "maxLength": 200},
      "role": {"type": "string", "enum": ["student", "teacher", "parent"]},
      "invitation": {"type": "string", "minLength": 12, "maxLength": 12,
                     "description": "a school's teacher invitation code (case-insensitive); required for role teacher"}
    }
  },
  "RegisterAccepted": {
    "type": "object", "required": ["username"],
    "description": "the same answer whether or not the name was free; sign in next, and a bad_credentials then means the name is taken",
    "properties": {"username": {"type": "string"}}
  },
  "ChangePasswordRequest": {
    "type": "object", "additionalProperties": false, "required": ["current_password", "new_password"],
    "properties": {"current_password": {"type": "string"},
                   "new_password": {"type": "string", "minLength": 12, "maxLength": 128}}
  },
  "SessionInfo": {
    "type": "object", "required": ["id", "created_at", "last_seen_at", "expires_at", "current"],
    "properties": {
      "id": {"type": "string", "description": "for DELETE /api/v1/auth/sessions/{id}; not the token"},
      "created_at": {"type": "integer", "format": "int64", "description": "ms since the Unix epoch"},
      "last_seen_at": {"type": "integer", "format": "int64"},
      "expires_at": {"type": "integer", "format": "int64", "description": "when it ends unless used again"},
      "current": {"type": "boolean", "description": "the session of this request"}
    }
  },
  "SessionList": {
    "type": "object", "required": ["sessions"],
    "properties": {"sessions": {"type": "array", "items": {"$ref": "SessionInfo"}}}
  },
  "TeacherInvitationRequest": {
    "type": "object", "additionalProperties": false, "required": ["school_id"],
    "properties": {"school_id": {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,64}$"},
                   "school_name": {"type": "string", "maxLength": 200, "description": "creates the school when it is new"}}
  },
  "TeacherInvitation": {
    "type": "object", "required": ["code", "school_id", "expires_at"],
    "properties": {"code": {"type": "string", "description": "12 characters, shown once; one teacher registers with it"},
                   "school_id": {"type": "string"},
                   "expires_at": {"type": "integer", "format": "int64", "description": "ms since the Unix epoch"}}
  },
  "LoginRequest": {
    "type": "object", "additionalProperties": false, "required": ["username", "password"],
    "properties": {"username": {"type": "string"}, "password": {"type": "string"}}
  },
  "Session": {
    "type": "object", "required": ["token", "user"],
    "properties": {"token": {"type": "string", "description": "send as Authorization: Bearer <token>"},
                   "user": {"$ref": "UserInfo"}}
  },
  "CreateClassRequest": {
    "type": "object", "additionalProperties": false, "required": ["name", "grade"],
    "properties": {"name": {"type": "string", "minLength": 1, "maxLength": 200},
                   "grade": {"type": "integer", "minimum": 1, "maximum": 12}}
  },
  "ClassInfo": {
    "type": "object", "required": ["id", "name", "grade"],
    "properties": {"id": {"type": "string"}, "name": {"type": "string"}, "grade": {"type": "integer"},
                   "join_code": {"type": "string", "description": "only in its teachers' answers"},
                   "join_code_expires_at": {"type": "integer", "format": "int64",
                                            "description": "with join_code: when it stops working (ms since the Unix epoch)"}}
  },
  "CodeRequest": {
    "type": "object", "additionalProperties": false, "required": ["code"],
    "properties": {"code": {"type": "string", "minLength": 8, "maxLength": 8, "description": "case-insensitive"}}
  },
  "GuardianCodeRequest": {
    "type": "object", "additionalProperties": false, "required": ["student_id"],
    "properties": {"student_id": {"type": "string"}}
  },
  "GuardianCode": {
    "type": "object", "required": ["code", "student_id", "expires_at"],
    "properties": {"code": {"type": "string"}, "student_id": {"type": "string"},
                   "expires_at": {"type": "integer", "format": "int64", "description": "ms since the Unix epoch"}}
  },
  "Me": {
    "type": "object", "required": ["user", "classes", "children"],
    "properties": {
      "user": {"$ref": "UserInfo"},
      "classes": {"type": "array", "items": {"$ref": "ClassInfo"}},
      "children": {"type": "array", "items": {"$ref": "UserInfo"}}
    }
  },

  "RosterImportRequest": {
    "description": "the roster file's text in \"csv\" (application/json), or the file itself (text/csv, which may name a non-UTF-8 encoding in its refusal)",
    "oneOf": [
      {"type": "object", "additionalProperties": false, "required": ["csv"],
       "properties": {"csv": {"type": "string", "description": "CSV: name, student number, grade; header row optional"}}},
      {"type": "string"}
    ]
  },
  "RosterStudent": {
    "type": "object", "required": ["row", "outcome", "user_id", "name", "student_no", "username"],
    "properties": {
      "row": {"type": "integer", "minimum": 1, "description": "the line of the file"},
      "outcome": {"type": "string", "enum": ["created", "linked", "unchanged"]},
      "user_id": {"type": "string"}, "name": {"type": "string"},
      "student_no": {"type": "string", "pattern": "^[A-Z0-9-]{1,32}$"},
      "username": {"type": "string"},
      "first_code": {"type": "string", "minLength": 12, "maxLength": 12,
                     "description": "created rows only: the first sign-in code, shown once"},
      "first_code_expires_at": {"type": "integer", "format": "int64", "description": "ms since the Unix epoch"}
    }
  },
  "RosterImportResult": {
    "type": "object", "required": ["class_id", "created", "linked", "unchanged", "rows", "dry_run", "students", "errors"],
    "properties": {
      "class_id": {"type": "string"},
      "created": {"type": "integer", "minimum": 0},
      "linked": {"type": "integer", "minimum": 0},
      "unchanged": {"type": "integer", "minimum": 0},
      "rows": {"type": "integer", "minimum": 0},
      "dry_run": {"type": "boolean"},
      "students": {"type": "array", "items": {"$ref": "RosterStudent"}},
      "errors": {"type": "array", "items": {"$ref": "ImportRowError"}}
    }
  },
  "CardTicketRequest": {
    "type": "object", "additionalProperties": false,
    "properties": {"lang": {"type": "string", "enum": ["zh-CN", "en"], "description": "the page's language (default zh-CN)"}}
  },
  "CardTicket": {
    "type": "object", "required": ["path", "expires_at"],
    "properties": {"path": {"type": "string", "description": "GET it, without a session, once"},
                   "expires_at": {"type": "integer", "format": "int64", "description": "ms since the Unix epoch"}}
  },
  "CardsPage": {"type": "string", "description": "an HTML page of A4 sheets of student cards with inline SVG QR codes"},
  "FirstSignInRequest": {
    "type": "object", "additionalProperties": false, "required": ["code", "password"],
    "properties": {"code": {"type": "string", "minLength": 12, "maxLength": 12, "description": "from the student's card; case-insensitive"},
                   "password": {"type": "string", "minLength": 12, "maxLength": 128}}
  },

  "Record": {
    "type": "object", "required": ["collection", "id", "seq", "deleted", "fields", "clocks"],
    "properties": {
      "collection": {"type": "string"}, "id": {"type": "string"},
      "seq": {"type": "integer", "format": "int64"},
      "deleted": {"type": "boolean"},
      "fields": {"type": "object"},
      "clocks": {"type": "object", "additionalProperties": {"type": "string"}, "description": "field -> hybrid logical clock"}
    }
  },
  "Change": {
    "type": "object", "additionalProperties": false, "required": ["id", "collection", "record", "hlc"],
    "properties": {
      "id": {"type": "string"}, "collection": {"type": "string"}, "record": {"type": "string"},
      "hlc": {"type": "string"},
      "fields": {"type": "object"},
      "base": {"type": "object", "additionalProperties": {"type": "string"}},
      "deleted": {"type": "boolean"}
    }
  },
  "PushRequest": {
    "type": "object", "additionalProperties": false, "required": ["schema_version", "node", "batch_id", "changes"],
    "properties": {
      "schema_version": {"type": "integer"},
      "node": {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,32}$"},
      "batch_id": {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,64}$"},
      "changes": {"type": "array", "items": {"$ref": "Change"}}
    }
  },
  "PushResponse": {
    "type": "object", "required": ["acks", "server_hlc"],
    "properties": {
      "acks": {"type": "array", "items": {
        "type": "object", "required": ["id", "seq"],
        "properties": {"id": {"type": "string"}, "seq": {"type": "integer", "format": "int64"}}}},
      "server_hlc": {"type": "string"}
    }
  },
  "PullRequest": {
    "type": "object", "additionalProperties": false, "required": ["schema_version", "cursor"],
    "properties": {
      "schema_version": {"type": "integer"},
      "cursor": {"type": "integer", "format": "int64", "minimum": 0},
      "epoch": {"type": "string"},
      "limit": {"type": "integer", "minimum": 1}
    }
  },
  "PullResponse": {
    "type": "object", "required": ["since", "records", "removed", "cursor", "has_more", "epoch", "reset", "server_hlc"],
    "properties": {
      "since": {"type": "integer", "format": "int64"},
      "records": {"type": "array", "items": {"$ref": "Record"}},
      "removed": {"type": "array", "items": {
        "type": "object", "required": ["collection", "id"],
        "properties": {"collection": {"type": "string"}, "id": {"type": "string"}}}},
      "cursor": {"type": "integer", "format": "int64"},
      "has_more": {"type": "boolean"},
      "epoch": {"type": "string"},
      "reset": {"type": "boolean", "description": "the cursor restarted at 0: drop what is not sent again"},
      "server_hlc": {"type": "string"}
    }
  },

  "EnrolmentRequest": {"type": "object", "required": ["base_id"], "additionalProperties": false,
    "properties": {"base_id": {"type": "string"}}},
  "Enrolment": {"type": "object", "required": ["code", "base_id", "expires_at"],
    "properties": {"code": {"type": "string", "description": "shown once; typed at the kiosk"},
                   "base_id": {"type": "string"}, "expires_at": {"type": "integer", "format": "int64"}}},
  "EnrolRequest": {"type": "object", "required": ["code", "name"], "additionalProperties": false,
    "properties": {"code": {"type": "string", "maxLength": 32}, "name": {"type": "string", "minLength": 1}}},
  "EnrolAnswer": {"type": "object", "required": ["device_id", "token", "base_id", "base_name"],
    "properties": {"device_id": {"type": "string"},
                   "token": {"type": "string", "description": "the device token, sent as a bearer token by this kiosk only"},
                   "base_id": {"type": "string"}, "base_name": {"type": "string"}}},
  "KioskDevice": {"type": "object", "required": ["id", "base_id", "name", "created_at", "last_seen", "revoked_at", "revoked_reason"],
    "properties": {"id": {"type": "string"}, "base_id": {"type": "string"}, "name": {"type": "string"},
                   "created_at": {"type": "integer", "format": "int64"}, "last_seen": {"type": "integer", "format": "int64"},
                   "revoked_at": {"type": "integer", "format": "int64", "description": "0: in use"},
                   "revoked_reason": {"type": "string"}}},
  "KioskDevices": {"type": "object", "required": ["devices"],
    "properties": {"devices": {"type": "array", "items": {"$ref": "KioskDevice"}}}},
  "RevokeRequest": {"type": "object", "required": ["reason"], "additionalProperties": false,
    "properties": {"reason": {"type": "string", "minLength": 1, "maxLength": 400}}},
  "KioskToday": {"type": "object", "required": ["base_id", "base_name", "date", "server_ms", "trips"],
    "properties": {
      "base_id": {"type": "string"}, "base_name": {"type": "string"}, "date": {"type": "string"},
      "server_ms": {"type": "integer", "format": "int64"},
      "trips": {"type": "array", "items": {"type": "object",
        "required": ["id", "title", "school_id", "school_name", "start_min", "end_min", "stops", "stop_count", "task", "roster"],
        "properties": {
          "id": {"type": "string"}, "title": {"type": "string"}, "school_id": {"type": "string"},
          "school_name": {"type": "string"}, "start_min": {"type": "integer"}, "end_min": {"type": "integer"},
          "stops": {"type": "array", "items": {"type": "integer"}}, "stop_count": {"type": "integer"},
          "task": {"type": "string"},
          "roster": {"type": "array", "items": {"type": "object",
            "required": ["student_id", "name", "student_no", "group", "consent_missing", "done"],
            "properties": {"student_id": {"type": "string"}, "name": {"type": "string"},
                           "student_no": {"type": "string"}, "group": {"type": "string"},
                           "consent_missing": {"type": "boolean"},
                           "done": {"type": "array", "items": {"type": "string"}}}}}}}}}},
  "AttendanceEvent": {"type": "object", "required": ["id", "trip_id", "student_id", "stop", "base_id", "kind", "at", "method"],
    "additionalProperties": false,
    "properties": {"id": {"type": "string"}, "trip_id": {"type": "string"}, "student_id": {"type": "string"},
                   "stop": {"type": "integer", "minimum": -1}, "base_id": {"type": "string"},
                   "kind": {"type": "string", "enum": ["left", "in", "out", "found", "absent", "back"]},
                   "at": {"type": "integer", "format": "int64"},
                   "method": {"type": "string", "enum": ["qr", "code", "roster", "group", "teacher"]},
                   "reason": {"type": "string"}}},
  "KioskEvents": {"type": "object", "required": ["sent_at", "events"], "additionalProperties": false,
    "properties": {"sent_at": {"type": "integer", "format": "int64"},
                   "events": {"type": "array", "maxItems": 200, "items": {"$ref": "AttendanceEvent"}}}},
  "KioskEventsAnswer": {"type": "object", "required": ["results"],
    "properties": {"results": {"type": "array", "items": {"type": "object", "required": ["id", "status"],
      "properties": {"id": {"type": "string"},
                     "status": {"type": "string", "enum": ["recorded", "duplicate", "refused"]},
                     "error": {"type": "object", "description": "as Error.error"}}}}}},
  "LiveEvent": {
    "type": "object", "additionalProperties": false,
    "description": "the data line of one event of the live channel, whose SSE event name is its kind: hello {heartbeat_s} first, changed {seq} when something the user may see changed (seq 0: their access changed), bye {reason} last; comment lines are heartbeats",
    "properties": {
      "heartbeat_s": {"type": "integer", "minimum": 1},
      "seq": {"type": "integer", "format": "int64", "minimum": 0},
      "reason": {"type": "string", "enum": ["session_ended", "shutdown"]}
    }
  },

  "OpenApi": {"type": "object", "description": "an OpenAPI 3.0 document", "required": ["openapi", "info", "paths"]}
})json";

void expand_refs(nlohmann::json& j) {
    if (j.is_object()) {
        if (const auto it = j.find("$ref"); it != j.end() && it->is_string())
            *it = "#/components/schemas/" + it->get<std::string>();
        for (auto& [k, v] : j.items()) expand_refs(v);
    } else if (j.is_array()) {
        for (auto& v : j) expand_refs(v);
    }
}

template <class Values>
nlohmann::json codes(const Values& values) {
    auto out = nlohmann::json::array();
    for (const auto v : values) out.push_back(std::string(to_code(v)));
    return out;
}

}  // namespace

const nlohmann::json& api_schemas() {
    static const nlohmann::json schemas = [] {
        auto s = nlohmann::json::parse(kSchemas);
        expand_refs(s);
        auto& base = s["Base"]["properties"];
        base["category"]["enum"] = codes(all_categories());
        base["level"]["enum"] = codes(all_levels());
        base["status"]["enum"] = codes(all_statuses());
        s["UserInfo"]["properties"]["role"]["enum"] = codes(api::all_roles());
        const auto problems = codes(all_codes());
        s["Error"]["properties"]["error"]["properties"]["problem"]["enum"] = problems;
        s["ImportRowError"]["properties"]["problem"]["enum"] = problems;
        s["PushRequest"]["properties"]["changes"]["maxItems"] = sync::kMaxChangesPerPush;
        s["PullRequest"]["properties"]["limit"]["maximum"] = sync::kMaxPullLimit;
        return s;
    }();
    return schemas;
}

}  // namespace zx::server
