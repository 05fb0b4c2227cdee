using System;
using System.Collections.Generic;

namespace SecureRoutes.Analyzers.Infrastructure;

/// <summary>Splits identifiers into lower-case words (camelCase, PascalCase, snake_case, kebab-case).</summary>
internal static class Names
{
    public static List<string> Words(string name)
    {
        var words = new List<string>();
        var start = 0;
        for (var i = 1; i <= name.Length; i++)
        {
            var boundary = i == name.Length
                || name[i] == '_' || name[i] == '-' || name[i] == '.' || name[i] == ':'
                || (char.IsUpper(name[i]) && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1])))
                || (char.IsUpper(name[i]) && i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1]));
            if (!boundary) continue;
            var word = name.Substring(start, i - start).Trim('_', '-', '.', ':');
            if (word.Length > 0) words.Add(word.ToLowerInvariant());
            start = i;
        }
        return words;
    }

    public static string LastWord(string name)
    {
        var words = Words(name);
        return words.Count == 0 ? "" : words[words.Count - 1];
    }

    public static bool EndsWithWord(string name, params string[] candidates)
    {
        var last = LastWord(name);
        foreach (var c in candidates)
        {
            if (string.Equals(last, c, StringComparison.Ordinal)) return true;
        }
        return false;
    }
}
