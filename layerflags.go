package main

import (
	"flag"
	"os"

	"github.com/lipisearch/lipi/analyzers"
)

// layerFlags are accepted by index, search and serve alike, so an evaluation
// can pass the same switch to every command.
type layerFlags struct {
	synonymsFile string
	noSynonyms   bool
	noLatin      bool
	noPhonetic   bool
	noFrame      bool
	noSkeleton   bool
	noFuzzy      bool
}

// parse registers the layer switches in fs and parses args.
func (lf *layerFlags) parse(fs *flag.FlagSet, args []string) error {
	lf.register(fs)
	return parseFlags(fs, args)
}

func (lf *layerFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&lf.synonymsFile, "synonyms", "", "a synonym `FILE` (Solr format) merged into the default map when indexing")
	fs.BoolVar(&lf.noSynonyms, "no-synonyms", false, "no synonym map: none is stored when indexing, and a search ignores the stored one")
	fs.BoolVar(&lf.noLatin, "no-latin", false, "do not search the Latin-reading layer")
	fs.BoolVar(&lf.noPhonetic, "no-phonetic", false, "do not search the phonetic-key layer")
	fs.BoolVar(&lf.noFrame, "no-frame", false, "do not search the consonant-frame layer")
	fs.BoolVar(&lf.noSkeleton, "no-skeleton", false, "do not search the consonant-skeleton layer")
	fs.BoolVar(&lf.noFuzzy, "no-fuzzy", false, "no edit-distance matching on the phonetic key")
}

func (lf *layerFlags) skipLayers() []analyzers.Layer {
	var skip []analyzers.Layer
	for l, off := range map[analyzers.Layer]bool{analyzers.LayerLatin: lf.noLatin, analyzers.LayerPhonetic: lf.noPhonetic, analyzers.LayerFrame: lf.noFrame, analyzers.LayerSkeleton: lf.noSkeleton} {
		if off {
			skip = append(skip, l)
		}
	}
	return skip
}

// synonymMap is the map an index stores: the default plus --synonyms, or
// none with --no-synonyms.
func (lf *layerFlags) synonymMap() (*analyzers.SynonymMap, error) {
	if lf.noSynonyms {
		return &analyzers.SynonymMap{}, nil
	}
	m := analyzers.DefaultSynonyms()
	if lf.synonymsFile != "" {
		f, err := os.Open(lf.synonymsFile)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		extra, err := analyzers.ParseSynonyms(f, lf.synonymsFile)
		if err != nil {
			return nil, err
		}
		m = m.Merge(extra)
	}
	return m, nil
}
