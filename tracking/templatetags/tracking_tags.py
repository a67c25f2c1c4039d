from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key, 0)


@register.filter
def interval(seconds: int) -> str:
    """86400 -> 'day', 21600 -> '6 hours'."""
    for size, unit in ((7 * 86_400, "week"), (86_400, "day"), (3600, "hour"), (60, "minute")):
        if seconds % size == 0:
            n = seconds // size
            return unit if n == 1 else f"{n} {unit}s"
    return f"{seconds} seconds"
