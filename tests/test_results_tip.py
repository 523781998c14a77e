"""The level's tip (its words for after the level) is on the results screen."""

from __future__ import annotations

from game.app import App
from game.records.catalog import Catalog
from game.records.storage import Store
from game.scenes import results as results_mod
from game.sim.session import PlaySession


def test_results_show_the_level_tip(tmp_path, monkeypatch):
    app = App(store=Store(tmp_path), catalog=Catalog.load(), headless=True)
    try:
        level = next(lv for lv in app.catalog.campaign.levels if lv.tip)
        drawn: list[str] = []
        real = results_mod.draw_wrapped

        def spy(surface, text, *args, **kwargs):
            drawn.append(text)
            return real(surface, text, *args, **kwargs)

        monkeypatch.setattr(results_mod, "draw_wrapped", spy)
        scene = results_mod.ResultsScene(app, level, PlaySession(level))
        scene.draw(app.screen)
        assert level.tip in drawn
    finally:
        app.close()
