#pragma once
// Links: the app opens the route it was started with (the URL's fragment on
// the web, --open on the desktop) or gone back/forward to, once it can be
// shown — a route of the person's own data waits through sign-in and until
// their store is open, a base until the bases are loaded — and keeps the
// address bar on the route of what is shown, one history entry per change,
// so a link can be copied and back/forward work. Routes are parsed and
// printed by routes.hpp only.
//
// Opening a route is done with the same commands a person's clicks push
// (due() hands them to the App), so nothing here writes other features'
// state.
#include "controllers/services.hpp"
#include "routes.hpp"

#include <optional>
#include <string>
#include <vector>

namespace zx::client {

class LinksController {
public:
    explicit LinksController(Services& s) : s_(s) {}

    // At start: the route this run was opened with.
    void init();
    // The person went back or forward, or edited the address.
    void changed(const std::string& text);
    // Drafts were read: come back to the route the newest was typed at,
    // unless this run was opened at (or has since gone to) somewhere else.
    void come_back(const std::string& link);
    // Before drawing: the commands that open the waiting route, once it can
    // be opened (else none).
    std::vector<Command> due();
    // After the frame's commands: the address bar shows what is on screen.
    void follow();

    // The route of what the state shows.
    static Link current(const AppState& s);
    // The commands that show `r`.
    static std::vector<Command> open(const Link& r);

private:
    Services& s_;
    std::optional<Link> pending_;
    bool moved_ = false;   // opened with a link, or navigated since: no coming back to a draft
    bool shown_ = false;         // the address bar has been set once (the first time replaces)
    bool replace_next_ = false;  // a link was just opened: correct the address, add no history
};

}  // namespace zx::client
