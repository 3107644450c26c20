"""The embedded server's memory settings scale with the machine's RAM, within bounds."""

from hirehound.db.server_settings import recommended


def test_recommended_settings_scale_with_ram_within_bounds() -> None:
    assert recommended(2 * 2**30)["shared_buffers"] == "512MB"
    assert recommended(64 * 2**30)["shared_buffers"] == "4096MB"
    assert recommended(256 * 2**20)["shared_buffers"] == "128MB"
