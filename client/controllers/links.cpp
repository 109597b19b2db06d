#include "controllers/links.hpp"

#include "platform/platform.hpp"

namespace zx::client {

void LinksController::init() {
    const auto r = parse_link(s_.platform.route_initial());
    if (r && !(*r == Link{})) {
        pending_ = *r;
        moved_ = true;
    }
}

void LinksController::changed(const std::string& text) {
    const auto r = parse_link(text);
    if (!r) {  // not one of ours: the next follow() puts the shown link back, in its place
        s_.state.link.clear();
        replace_next_ = true;
        return;
    }
    moved_ = true;
    pending_ = *r;
    s_.state.link = print_link(*r);
}

void LinksController::come_back(const std::string& link) {
    if (moved_ || pending_ || link.empty()) return;
    if (const auto r = parse_link(link)) pending_ = *r;
}

std::vector<Command> LinksController::due() {
    if (!pending_) return {};
    const AppState& s = s_.state;
    if (link_needs_account(*pending_) && !s.data) return {};  // through sign-in, until the store is open
    const bool bases_coming = s.bases.status == LoadStatus::idle || s.bases.status == LoadStatus::loading;
    // A base's link waits for the bases; the map is opened first, as it is
    // the map that asks for them (controllers/bases.cpp).
    if (pending_->view == ViewId::map && !pending_->id.empty() && bases_coming) {
        if (s.view != ViewId::map) return {Navigate{ViewId::map}};
        return {};
    }
    auto commands = open(*pending_);
    pending_.reset();
    replace_next_ = true;  // the address bar already shows this route (or one it is normalised to)
    return commands;
}

void LinksController::follow() {
    if (pending_) return;  // the address bar keeps the link until it is opened
    const auto link = print_link(current(s_.state));
    if (shown_ && link == s_.state.link) {
        replace_next_ = false;
        return;
    }
    if (shown_ && !replace_next_) moved_ = true;
    s_.platform.route_show(link, !shown_ || replace_next_);
    shown_ = true;
    replace_next_ = false;
    s_.state.link = link;
}

Link LinksController::current(const AppState& s) {
    Link r{s.view, "", "", ""};
    switch (s.view) {
        case ViewId::knowledge: r.id = s.notes.open_id; break;
        case ViewId::activities:
            r.id = s.activity.creating ? std::string(kNewRecord) : s.activity.id;
            r.child = s.activity.child;
            r.review = s.activity.review;
            break;
        case ViewId::map: r.id = s.selected_base; break;
        case ViewId::trips: r.id = s.trip_draft.selected_trip; break;
        default: break;
    }
    return r;
}

std::vector<Command> LinksController::open(const Link& r) {
    std::vector<Command> c{Navigate{r.view}};
    switch (r.view) {
        case ViewId::knowledge:
            if (r.id == kNewRecord) c.push_back(NewNote{});
            else c.push_back(OpenNote{r.id});
            break;
        case ViewId::activities:
            c.push_back(FocusActivity{{r.id == kNewRecord ? "" : r.id, r.child, r.review, r.id == kNewRecord}});
            break;
        case ViewId::map: c.push_back(SelectBase{r.id, true}); break;
        case ViewId::trips: c.push_back(SelectTrip{r.id}); break;
        default: break;
    }
    return c;
}

}  // namespace zx::client
