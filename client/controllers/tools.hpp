#pragma once
// 工具库: flashcards made from notes and reviewed with FSRS (zx/space/fsrs.hpp),
// and the resource links teachers share with their classes.
#include "controllers/services.hpp"

namespace zx::client {

class ToolsController {
public:
    explicit ToolsController(Services& s) : s_(s) {}

    void handle(const MakeCards& c);
    void handle(const ReviewCard& c);
    void handle(const AddLink& c);
    void handle(const DeleteLink& c);

private:
    Services& s_;
};

}  // namespace zx::client
