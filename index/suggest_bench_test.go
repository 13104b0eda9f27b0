package index

import (
	"context"
	"testing"
)

// BenchmarkSearchByStrength runs the shared load queries in two groups:
// "strong", the queries with a hit on their first page that matched more
// than by sound (the normal searches, which suggestions must leave as
// they were), and "weak", the others (which pay for their suggestions).
// Each operation is one query, the group's in turn.
func BenchmarkSearchByStrength(b *testing.B) {
	lipi, _, qs := searchIndexes(b, b.TempDir())
	ctx := context.Background()
	groups := map[string][]string{}
	for _, q := range qs {
		resp, err := lipi.Search(ctx, Request{Query: q})
		if err != nil {
			b.Fatal(err)
		}
		name := "weak"
		for _, h := range resp.Hits {
			if h.Match != MatchSoundsAlike {
				name = "strong"
				break
			}
		}
		groups[name] = append(groups[name], q)
	}
	for _, name := range []string{"strong", "weak"} {
		b.Run(name, func(b *testing.B) {
			qs := groups[name]
			if len(qs) == 0 {
				b.Skip("no such query")
			}
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if _, err := lipi.Search(ctx, Request{Query: qs[i%len(qs)]}); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}
