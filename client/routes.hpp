#pragma once
// Links into the app: the route of a view, or of one object in it (a note, an
// activity, a trip, a base on the map), printed as "/trip/<id>" and parsed
// back by ONE pair of functions. The web shows it as the URL's fragment
// ("https://host/#/trip/<id>"); the desktop takes it as `--open <route>`.
//
// Route table (kRoutes in routes.cpp): one row per view, with the word of the
// view and, for views that show one object, the word of that object:
//   /                      the home view (space)
//   /notes  /note/<id>     知识库; /note/new is a new note not yet saved
//   /activities  /activity/<id>[/child/<student id>][/review/<submission id>]
//                          /activity/new is a new activity being written
//   /map  /map/<base id>   the map with that base selected
//   /trips  /trip/<id>     a trip
//   /tools /timetable /settings /attention
// A new view is one row more (and, if it shows objects, one case in
// LinksController's open()/current()). Ids are the records' ids:
// letters, digits and - _ . : only, at most 128 characters; anything else
// (and any unknown word) is refused, so a crafted link opens nothing.
#include "state_types.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace zx::client {

struct Link {
    ViewId view = ViewId::space;
    std::string id;      // the object shown ("" = the view itself)
    std::string child;   // activities: the parent's child whose work is shown
    std::string review;  // activities: the submission a teacher reviews
    bool operator==(const Link&) const = default;
};

// Accepts "/trip/x", "#/trip/x" and "trip/x"; "" and "/" are the home view.
std::optional<Link> parse_link(std::string_view text);
// "/trip/x"; the home view is "/". parse_link(print_link(r)) == r.
std::string print_link(const Link& r);
// Whether the route shows the signed-in person's data (opened after sign-in).
bool link_needs_account(const Link& r);

}  // namespace zx::client
