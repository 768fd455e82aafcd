package servicekonto

import "log/slog"

const (
	slogInfo = slog.LevelInfo
	slogWarn = slog.LevelWarn
)

func attrStr(k, v string) slog.Attr { return slog.String(k, v) }
