#include "tools/tools.hpp"

#include <array>

namespace zx::client {

namespace {
constexpr std::array kTools{
    ToolEntry{"flashcards", S::ToolFlashcards, S::ToolFlashcardsDesc, &draw_flashcards},
    ToolEntry{"timer", S::ToolTimer, S::ToolTimerDesc, &draw_focus_timer},
    ToolEntry{"converter", S::ToolConverter, S::ToolConverterDesc, &draw_unit_converter},
    ToolEntry{"calculator", S::ToolCalculator, S::ToolCalculatorDesc, &draw_calculator},
    ToolEntry{"links", S::ToolLinks, S::ToolLinksDesc, &draw_resource_links},
};
}  // namespace

std::span<const ToolEntry> all_tools() { return kTools; }

}  // namespace zx::client
