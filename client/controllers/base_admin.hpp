#pragma once
// Dynamic management of bases: staff set their base's status and capacity,
// admins suspend or delist with a reason (synced like any edit), and admins
// import bases and routes from GeoJSON or CSV files (POST /api/v1/bases/import),
// whose row-by-row report is shown in the map view.
#include "controllers/services.hpp"

#include <functional>

namespace zx::client {

class BaseAdminController {
public:
    explicit BaseAdminController(Services& s) : s_(s) {}

    void handle(const ImportBases& c);
    void handle(const SetBaseStatus& c);
    // An import stored new bases: the public list should be fetched again.
    std::function<void()> on_imported;

private:
    Services& s_;
};

}  // namespace zx::client
