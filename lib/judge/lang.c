#include <stdlib.h>
#include <string.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "lang.h"
#include "text.h"

int nx_cld2_detect(const char *text, int len, char *code, int size);

void
nx_lang_init(void)
{
#if defined(__GLIBC__)
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
#endif
}

/* Languages of the vote, in the order of their bits. */
enum {
	L_RO = 1 << 0,
	L_EN = 1 << 1,
	L_FR = 1 << 2,
	L_IT = 1 << 3,
	L_ES = 1 << 4,
	L_DE = 1 << 5,
	L_PT = 1 << 6
};
static const char *const codes[] = {"ro", "en", "fr", "it", "es", "de", "pt"};
#define NLANGS (sizeof(codes) / sizeof(codes[0]))

/*
 * Common words that mark a language, lower case and without diacritics
 * (the vote reads folded text, so "più" is written "piu"), sorted by
 * bytes for a binary search (the lang unit test checks the order).  A
 * word that is also a common word of another of these languages ("a",
 * "de", "la", "in", "are", "am", "se", "al", "no", "sin", "alte") is left
 * out: it proves nothing.  The lists were tuned on the catalogues of the
 * unit test's tuning set only (tests/unit/check_lang.c).
 */
static const struct stopword {
	const char *word;
	unsigned langs;
} stopwords[] = {
    {"abandonner", L_FR},
    {"about", L_EN},
    {"abrir", L_ES},
    {"absoluto", L_ES},
    {"acceptate", L_RO},
    {"aceasta", L_RO},
    {"acest", L_RO},
    {"acesta", L_RO},
    {"aceste", L_RO},
    {"acestei", L_RO},
    {"acestui", L_RO},
    {"acum", L_RO},
    {"admite", L_ES},
    {"adresa", L_RO},
    {"adrese", L_RO},
    {"affiche", L_FR},
    {"afficher", L_FR},
    {"afiseaza", L_RO},
    {"agli", L_IT},
    {"aici", L_RO},
    {"ajuda", L_PT},
    {"ale", L_RO},
    {"all", L_EN},
    {"alla", L_IT},
    {"alle", L_IT | L_DE},
    {"almacena", L_ES},
    {"als", L_DE},
    {"alta", L_RO},
    {"analyser", L_FR},
    {"anche", L_IT},
    {"and", L_EN},
    {"antes", L_ES | L_PT},
    {"antet", L_RO},
    {"antigua", L_ES},
    {"any", L_EN},
    {"anzeigen", L_DE},
    {"ao", L_PT},
    {"apre", L_IT},
    {"apres", L_FR},
    {"archivo", L_ES},
    {"archivos", L_ES},
    {"arhitectura", L_RO},
    {"arhiva", L_RO},
    {"arquitectura", L_ES},
    {"arquivo", L_PT},
    {"arquivos", L_PT},
    {"asa", L_RO},
    {"astepta", L_RO},
    {"asupra", L_RO},
    {"at", L_EN},
    {"attivata", L_IT},
    {"au", L_FR},
    {"auch", L_DE},
    {"aucun", L_FR},
    {"aucune", L_FR},
    {"auf", L_DE},
    {"aus", L_DE},
    {"aux", L_FR},
    {"avant", L_FR},
    {"avea", L_RO},
    {"avec", L_FR},
    {"avertisment", L_RO},
    {"avertissement", L_FR},
    {"avez", L_FR},
    {"aviso", L_ES},
    {"ayuda", L_ES},
    {"be", L_EN},
    {"been", L_EN},
    {"bei", L_DE},
    {"beibehalten", L_DE},
    {"beim", L_DE},
    {"benutzer", L_DE},
    {"biti", L_RO},
    {"borrar", L_ES},
    {"bucla", L_RO},
    {"bucle", L_ES},
    {"by", L_EN},
    {"cada", L_ES | L_PT},
    {"cadena", L_ES},
    {"campo", L_ES},
    {"can", L_EN},
    {"cand", L_RO},
    {"cannot", L_EN},
    {"care", L_RO},
    {"catre", L_RO},
    {"ce", L_RO},
    {"cea", L_RO},
    {"ceci", L_FR},
    {"cel", L_RO},
    {"cela", L_FR},
    {"cele", L_RO},
    {"ces", L_FR},
    {"cette", L_FR},
    {"ceva", L_RO},
    {"champ", L_FR},
    {"chaque", L_FR},
    {"che", L_IT},
    {"cheie", L_RO},
    {"chemin", L_FR},
    {"colonnes", L_FR},
    {"come", L_IT},
    {"commande", L_FR},
    {"como", L_ES},
    {"compartido", L_ES},
    {"comunicar", L_ES},
    {"con", L_ES},
    {"contine", L_RO},
    {"continut", L_RO},
    {"contrasena", L_ES},
    {"corrispondono", L_IT},
    {"corrompue", L_FR},
    {"corto", L_ES},
    {"could", L_EN},
    {"cu", L_RO},
    {"cuando", L_ES},
    {"cum", L_RO},
    {"da", L_PT},
    {"daca", L_RO},
    {"dal", L_IT},
    {"dalla", L_IT},
    {"dans", L_FR},
    {"dar", L_RO},
    {"das", L_DE | L_PT},
    {"datei", L_DE},
    {"dateien", L_DE},
    {"datos", L_ES},
    {"debe", L_ES},
    {"decalaj", L_RO},
    {"decat", L_RO},
    {"defectos", L_ES},
    {"degli", L_IT},
    {"dei", L_IT},
    {"deja", L_RO | L_FR},
    {"del", L_IT | L_ES},
    {"della", L_IT},
    {"delle", L_IT},
    {"dem", L_DE},
    {"demasiado", L_ES},
    {"demasiados", L_ES},
    {"den", L_DE},
    {"depasire", L_RO},
    {"depois", L_PT},
    {"depuis", L_FR},
    {"der", L_DE},
    {"dernier", L_FR},
    {"des", L_FR | L_DE},
    {"descodificado", L_PT},
    {"desconhecido", L_PT},
    {"desconocida", L_ES},
    {"desconocido", L_ES},
    {"desde", L_ES},
    {"despre", L_RO},
    {"despues", L_ES},
    {"desvio", L_PT},
    {"detectat", L_RO},
    {"deve", L_IT | L_PT},
    {"di", L_IT},
    {"diese", L_DE},
    {"dieser", L_DE},
    {"din", L_RO},
    {"directorio", L_ES},
    {"diretorio", L_PT},
    {"disattivata", L_IT},
    {"do", L_EN},
    {"doar", L_RO},
    {"does", L_EN},
    {"doit", L_FR},
    {"donc", L_FR},
    {"donde", L_ES},
    {"dopo", L_IT},
    {"dos", L_PT},
    {"dove", L_IT},
    {"du", L_FR},
    {"dupa", L_RO},
    {"echec", L_FR},
    {"ecrire", L_FR},
    {"ecriture", L_FR},
    {"ein", L_DE},
    {"eine", L_DE},
    {"einen", L_DE},
    {"einer", L_DE},
    {"eines", L_DE},
    {"el", L_ES},
    {"em", L_PT},
    {"encontro", L_ES},
    {"enlace", L_ES},
    {"entrada", L_ES | L_PT},
    {"entre", L_ES | L_PT},
    {"entree", L_FR},
    {"eroare", L_RO},
    {"errado", L_PT},
    {"errato", L_IT},
    {"erreur", L_FR},
    {"erro", L_PT},
    {"error", L_EN},
    {"errore", L_IT},
    {"esclude", L_IT},
    {"escribir", L_ES},
    {"escrita", L_PT},
    {"escritura", L_ES},
    {"essere", L_IT},
    {"est", L_FR},
    {"esta", L_ES | L_PT},
    {"este", L_RO},
    {"esti", L_RO},
    {"estrae", L_IT},
    {"esuat", L_RO},
    {"et", L_FR},
    {"ete", L_FR},
    {"etre", L_FR},
    {"eu", L_RO},
    {"expresie", L_RO},
    {"extins", L_RO},
    {"failed", L_EN},
    {"faire", L_FR},
    {"fait", L_FR},
    {"fallo", L_ES},
    {"falsch", L_DE},
    {"falsche", L_DE},
    {"falscher", L_DE},
    {"fara", L_RO},
    {"fehler", L_DE},
    {"fehlerhaft", L_DE},
    {"fehlgeschlagen", L_DE},
    {"fi", L_RO},
    {"ficheiro", L_PT},
    {"ficheiros", L_PT},
    {"fichero", L_ES},
    {"ficheros", L_ES},
    {"fichier", L_FR},
    {"fichiers", L_FR},
    {"fie", L_RO},
    {"fiecare", L_RO},
    {"file", L_EN},
    {"files", L_EN},
    {"fisier", L_RO},
    {"fisiere", L_RO},
    {"fisierul", L_RO},
    {"fisierului", L_RO},
    {"foarte", L_RO},
    {"foi", L_PT},
    {"for", L_EN},
    {"fora", L_PT},
    {"formato", L_IT | L_ES | L_PT},
    {"fost", L_RO},
    {"from", L_EN},
    {"fue", L_ES},
    {"fur", L_DE},
    {"garantia", L_ES},
    {"gia", L_IT},
    {"gli", L_IT},
    {"gresit", L_RO},
    {"haben", L_DE},
    {"hanno", L_IT},
    {"has", L_EN},
    {"hasta", L_ES},
    {"have", L_EN},
    {"hay", L_ES},
    {"how", L_EN},
    {"ich", L_DE},
    {"identique", L_FR},
    {"iesire", L_RO},
    {"if", L_EN},
    {"il", L_IT},
    {"im", L_DE},
    {"imi", L_RO},
    {"immutate", L_IT},
    {"implementata", L_IT},
    {"impossibile", L_IT},
    {"impostazioni", L_IT},
    {"inainte", L_RO},
    {"inca", L_RO},
    {"inconnu", L_FR},
    {"inconnue", L_FR},
    {"incorect", L_RO},
    {"incorecta", L_RO},
    {"incorrecte", L_FR},
    {"inesperada", L_ES},
    {"inesperado", L_ES},
    {"informatiile", L_RO},
    {"insuficienta", L_RO},
    {"intentando", L_ES},
    {"interno", L_ES},
    {"intervalle", L_FR},
    {"into", L_EN},
    {"intrare", L_RO},
    {"intre", L_RO},
    {"invalid", L_EN},
    {"invalida", L_ES},
    {"invalide", L_FR},
    {"invalido", L_ES | L_PT},
    {"is", L_EN},
    {"ist", L_DE},
    {"it", L_EN},
    {"iti", L_RO},
    {"its", L_EN},
    {"ja", L_PT},
    {"kann", L_DE},
    {"kein", L_DE},
    {"keine", L_DE},
    {"kennwort", L_DE},
    {"konnte", L_DE},
    {"konnten", L_DE},
    {"largo", L_ES},
    {"las", L_ES},
    {"lasciando", L_IT},
    {"latime", L_RO},
    {"le", L_FR},
    {"lecture", L_FR},
    {"leer", L_ES},
    {"les", L_FR},
    {"lesen", L_DE},
    {"lettura", L_IT},
    {"leur", L_FR},
    {"ligne", L_FR},
    {"lignes", L_FR},
    {"linea", L_ES},
    {"lineas", L_ES},
    {"linha", L_PT},
    {"linhas", L_PT},
    {"lire", L_FR},
    {"llamadas", L_ES},
    {"lo", L_IT | L_ES},
    {"lor", L_RO},
    {"lors", L_FR},
    {"los", L_ES},
    {"lui", L_RO},
    {"lungime", L_RO},
    {"mai", L_RO},
    {"mais", L_FR | L_PT},
    {"mancante", L_IT},
    {"mapeo", L_ES},
    {"mas", L_ES},
    {"memoire", L_FR},
    {"memorie", L_RO},
    {"mit", L_DE},
    {"modalita", L_IT},
    {"modello", L_IT},
    {"modo", L_IT},
    {"modos", L_ES},
    {"mostra", L_PT},
    {"mot", L_FR},
    {"motif", L_FR},
    {"muestra", L_ES},
    {"muito", L_PT},
    {"muy", L_ES},
    {"na", L_PT},
    {"nach", L_DE},
    {"nao", L_PT},
    {"ne", L_FR},
    {"neacceptat", L_RO},
    {"neacceptata", L_RO},
    {"negestionat", L_RO},
    {"nel", L_IT},
    {"nella", L_IT},
    {"nelle", L_IT},
    {"nenhum", L_PT},
    {"nenhuma", L_PT},
    {"nessun", L_IT},
    {"nessuna", L_IT},
    {"neue", L_DE},
    {"nevalid", L_RO},
    {"nevalida", L_RO},
    {"ni", L_ES},
    {"nicht", L_DE},
    {"nici", L_RO},
    {"nicio", L_RO},
    {"niciun", L_RO},
    {"ninguna", L_ES},
    {"ninguno", L_ES},
    {"no", L_EN},
    {"noch", L_DE},
    {"nom", L_FR},
    {"nombre", L_FR | L_ES},
    {"nome", L_IT | L_PT},
    {"not", L_EN},
    {"nou", L_RO},
    {"noua", L_RO},
    {"nous", L_FR},
    {"nu", L_RO},
    {"nueva", L_ES},
    {"nuevo", L_ES},
    {"nume", L_RO},
    {"numefisier", L_RO},
    {"numero", L_IT | L_ES | L_PT},
    {"nur", L_DE},
    {"oder", L_DE},
    {"of", L_EN},
    {"ogni", L_IT},
    {"on", L_EN},
    {"onde", L_PT},
    {"only", L_EN},
    {"ont", L_FR},
    {"opcion", L_ES},
    {"opciones", L_ES},
    {"optionen", L_DE},
    {"optiune", L_RO},
    {"optiunea", L_RO},
    {"opzione", L_IT},
    {"opzioni", L_IT},
    {"or", L_EN},
    {"ordenes", L_ES},
    {"origem", L_PT},
    {"os", L_PT},
    {"otra", L_ES},
    {"otro", L_ES},
    {"ou", L_FR},
    {"outro", L_PT},
    {"palavra", L_PT},
    {"paquet", L_FR},
    {"paquets", L_FR},
    {"para", L_ES | L_PT},
    {"partajata", L_RO},
    {"pas", L_FR},
    {"passe", L_FR},
    {"passwort", L_DE},
    {"pe", L_RO},
    {"pela", L_PT},
    {"pelo", L_PT},
    {"pentru", L_RO},
    {"per", L_IT},
    {"pero", L_ES},
    {"peut", L_FR},
    {"piu", L_IT},
    {"poate", L_RO},
    {"pode", L_PT},
    {"por", L_ES},
    {"possivel", L_PT},
    {"poti", L_RO},
    {"pour", L_FR},
    {"pozitia", L_RO},
    {"prea", L_RO},
    {"prima", L_IT},
    {"prin", L_RO},
    {"print", L_EN},
    {"processeur", L_FR},
    {"pudo", L_ES},
    {"puede", L_ES},
    {"puo", L_IT},
    {"putea", L_RO},
    {"putut", L_RO},
    {"qu", L_FR},
    {"quand", L_FR},
    {"quando", L_IT | L_PT},
    {"que", L_FR | L_ES | L_PT},
    {"quella", L_IT},
    {"quello", L_IT},
    {"questa", L_IT},
    {"questi", L_IT},
    {"questo", L_IT},
    {"qui", L_FR},
    {"rama", L_ES},
    {"read", L_EN},
    {"realocare", L_RO},
    {"realocari", L_RO},
    {"referencia", L_ES},
    {"referinta", L_RO},
    {"registres", L_FR},
    {"registro", L_IT | L_ES | L_PT},
    {"registru", L_RO},
    {"regulata", L_RO},
    {"rejetee", L_FR},
    {"remover", L_PT},
    {"repertoire", L_FR},
    {"respaldo", L_ES},
    {"riga", L_IT},
    {"righe", L_IT},
    {"sa", L_RO},
    {"salida", L_ES},
    {"sans", L_FR},
    {"sao", L_PT},
    {"sau", L_RO},
    {"schreiben", L_DE},
    {"scrittura", L_IT},
    {"sem", L_PT},
    {"senha", L_PT},
    {"senza", L_IT},
    {"ser", L_ES | L_PT},
    {"seu", L_PT},
    {"seulement", L_FR},
    {"should", L_EN},
    {"show", L_EN},
    {"si", L_RO},
    {"sie", L_DE},
    {"simbol", L_RO},
    {"simboluri", L_RO},
    {"sind", L_DE},
    {"siruri", L_RO},
    {"sobre", L_ES | L_PT},
    {"soll", L_DE},
    {"son", L_ES},
    {"sono", L_IT},
    {"sont", L_FR},
    {"soportada", L_ES},
    {"sortie", L_FR},
    {"speicher", L_DE},
    {"stato", L_IT},
    {"stocke", L_FR},
    {"structura", L_RO},
    {"sua", L_PT},
    {"sul", L_IT},
    {"sulla", L_IT},
    {"sullo", L_IT},
    {"sunt", L_RO},
    {"sur", L_FR},
    {"sus", L_ES},
    {"tabel", L_RO},
    {"tableau", L_FR},
    {"tambem", L_PT},
    {"tambien", L_ES},
    {"tem", L_PT},
    {"terminaison", L_FR},
    {"texte", L_FR},
    {"than", L_EN},
    {"that", L_EN},
    {"the", L_EN},
    {"there", L_EN},
    {"these", L_EN},
    {"this", L_EN},
    {"those", L_EN},
    {"tiene", L_ES},
    {"tipo", L_IT | L_ES | L_PT},
    {"to", L_EN},
    {"toate", L_RO},
    {"todos", L_ES | L_PT},
    {"toti", L_RO},
    {"tous", L_FR},
    {"trebuie", L_RO},
    {"tres", L_FR},
    {"trop", L_FR},
    {"tu", L_RO},
    {"tutti", L_IT},
    {"uber", L_DE},
    {"uma", L_PT},
    {"una", L_ES},
    {"unable", L_EN},
    {"unbekannt", L_DE},
    {"unbekannte", L_DE},
    {"und", L_DE},
    {"unde", L_RO},
    {"une", L_FR},
    {"unei", L_RO},
    {"ungultig", L_DE},
    {"ungultige", L_DE},
    {"uno", L_IT},
    {"unter", L_DE},
    {"unui", L_RO},
    {"usa", L_ES | L_PT},
    {"usar", L_ES | L_PT},
    {"usare", L_IT},
    {"use", L_EN},
    {"using", L_EN},
    {"uso", L_IT | L_ES | L_PT},
    {"usuario", L_ES | L_PT},
    {"utilise", L_FR},
    {"utiliser", L_FR},
    {"utilizador", L_PT},
    {"valable", L_FR},
    {"valeur", L_FR},
    {"valide", L_FR},
    {"valido", L_IT},
    {"valoare", L_RO},
    {"valor", L_ES},
    {"valore", L_IT},
    {"versao", L_PT},
    {"verzeichnis", L_DE},
    {"viene", L_IT},
    {"voce", L_PT},
    {"von", L_DE},
    {"vorgabe", L_DE},
    {"vos", L_FR},
    {"votre", L_FR},
    {"vous", L_FR},
    {"was", L_EN},
    {"wenn", L_DE},
    {"werden", L_DE},
    {"wert", L_DE},
    {"what", L_EN},
    {"when", L_EN},
    {"which", L_EN},
    {"why", L_EN},
    {"wie", L_DE},
    {"will", L_EN},
    {"wird", L_DE},
    {"with", L_EN},
    {"would", L_EN},
    {"write", L_EN},
    {"wurde", L_DE},
    {"ya", L_ES},
    {"you", L_EN},
    {"your", L_EN},
    {"zeigt", L_DE},
    {"zeile", L_DE},
    {"zeilen", L_DE},
    {"zu", L_DE},
    {"zum", L_DE},
    {"zur", L_DE},
};
#define NSTOPWORDS (sizeof(stopwords) / sizeof(stopwords[0]))

/* Endings of Romanian inflection (definite genitive, plurals, verbs):
 * a word that ends so is a vote for Romanian.  Not "-ita": Italian's
 * "-ità" folds to it. */
static const char *const endings[] = {"ului", "ilor", "elor", "urile", "eaza",
    "area", "iunea", "iunii", "iune", "iuni", "tii", "tie", "esc", "ul"};

static int
ends_romanian(const char *w, size_t len)
{
	for (size_t i = 0; i < sizeof(endings) / sizeof(endings[0]); i++) {
		size_t k = strlen(endings[i]);

		if (len > k + 1 && memcmp(w + len - k, endings[i], k) == 0)
			/* "-ul", not English "-ful" */
			return k > 2 || w[len - 3] != 'f';
	}
	return 0;
}

/* A word of the text being read, for the search. */
struct word {
	const char *s;
	size_t len;
};

static int
compare_word(const void *key, const void *elem)
{
	const struct word *w = key;
	const char *sw = ((const struct stopword *)elem)->word;
	size_t n = strlen(sw);
	int c = memcmp(w->s, sw, w->len < n ? w->len : n);

	return c != 0 ? c : (w->len > n) - (w->len < n);
}

int
nx_lang_table_ok(void)
{
	for (size_t i = 1; i < NSTOPWORDS; i++)
		if (strcmp(stopwords[i - 1].word, stopwords[i].word) >= 0)
			return 0;
	return 1;
}

/* Each language's stopword count over the folded words of s. */
static void
vote(int score[NLANGS], const char *s, size_t n)
{
	const char *p = s, *end = s + n;

	memset(score, 0, NLANGS * sizeof(score[0]));
	while (p < end) {
		struct word w = {p, 0};
		const struct stopword *hit;

		while (p < end && *p != ' ')
			p++;
		w.len = (size_t)(p - w.s);
		score[0] += ends_romanian(w.s, w.len);
		hit = w.len == 0 ? NULL
				 : bsearch(&w, stopwords, NSTOPWORDS,
				       sizeof(stopwords[0]), compare_word);
		for (size_t l = 0; hit != NULL && l < NLANGS; l++)
			score[l] += (hit->langs >> l) & 1;
		p++;
	}
}

/* The language with the most votes, or -1 when none has any or two tie. */
static int
winner(const int score[NLANGS])
{
	int best = -1, tie = 0;

	for (size_t l = 0; l < NLANGS; l++) {
		if (score[l] == 0)
			continue;
		if (best < 0 || score[l] > score[best]) {
			best = (int)l;
			tie = 0;
		} else if (score[l] == score[best])
			tie = 1;
	}
	return tie ? -1 : best;
}

/* Whether the most votes go to other languages than English and
 * Romanian (two or more of them, tied), more than to either of those. */
static int
foreign_lead(const int score[NLANGS])
{
	int top = 0;

	for (size_t l = 2; l < NLANGS; l++)
		if (score[l] > top)
			top = score[l];
	return top > score[0] && top > score[1];
}

/* Letters that only Romanian, of these languages, writes. */
static int
romanian_letter(const unsigned char *p)
{
	return (p[0] == 0xC4 && (p[1] == 0x82 || p[1] == 0x83)) || /* Ă ă */
	    (p[0] == 0xC8 && p[1] >= 0x98 && p[1] <= 0x9B) || /* Ș ș Ț ț */
	    (p[0] == 0xC5 &&
		(p[1] == 0x9E || p[1] == 0x9F || p[1] == 0xA2 ||
		    p[1] == 0xA3)); /* Ş ş Ţ ţ */
}

/*
 * Letters that neither English nor Romanian writes (é è à ù ç ñ ã õ ä ö ü
 * ß ò ì ó ú í á ê ô û ë ï œ, upper and lower case), and ¿ ¡.
 */
static size_t
foreign_letters(const unsigned char *p, size_t n)
{
	size_t count = 0;

	for (size_t i = 0; i + 1 < n; i++) {
		if (p[i] == 0xC2 && (p[i + 1] == 0xBF || p[i + 1] == 0xA1))
			count++; /* ¿ ¡ */
		else if (p[i] == 0xC3 && p[i + 1] >= 0x80 && p[i + 1] <= 0xBF &&
		    p[i + 1] != 0x82 && p[i + 1] != 0xA2 && /* Â â */
		    p[i + 1] != 0x8E && p[i + 1] != 0xAE && /* Î î */
		    p[i + 1] != 0x97 && p[i + 1] != 0xB7)   /* × ÷ */
			count++;
		else if (p[i] == 0xC5 && (p[i + 1] == 0x92 || p[i + 1] == 0x93))
			count++; /* Œ œ */
	}
	return count;
}

int
nx_lang_detect(char *code, const char *s, size_t n, struct nx_buf *scratch)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t words = 0, marks = 0;
	int inword = 0;

	strcpy(code, "und");
	if (nx_text_length(s, n) < NX_LANG_MIN_CHARS)
		return 0;
	/* The text for CLD2: ș ț (comma below) as ş ţ (cedilla). */
	nx_buf_reset(scratch);
	if (nx_buf_reserve(scratch, n + 1) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = p[i];

		if (c == ' ' || c == '\n' || c == '\t' || c == '\r')
			inword = 0;
		else if (!inword) {
			inword = 1;
			words++;
		}
		if (i + 1 < n && romanian_letter(p + i)) {
			marks++;
			if (c == 0xC8) {
				/* U+0218..021B → U+015E, 015F, 0162, 0163 */
				static const unsigned char ced[] = {
				    0x9E, 0x9F, 0xA2, 0xA3};

				scratch->data[scratch->len++] = (char)0xC5;
				scratch->data[scratch->len++] =
				    (char)ced[p[i + 1] - 0x98];
				i++;
				continue;
			}
		}
		scratch->data[scratch->len++] = (char)c;
	}
	if (marks * 8 >= words)
		goto ro;
	if (nx_cld2_detect(scratch->data, (int)scratch->len, code, 8) < 0)
		strcpy(code, "un");
	if (strcmp(code, "ro") == 0)
		return 0;
	/* The vote, on the folded words. */
	nx_buf_reset(scratch);
	if (nx_text_normalize(scratch, s, n, NX_NORM_PUNCT, NULL) == 0) {
		int score[NLANGS], w;
		size_t foreign;

		vote(score, scratch->data, scratch->len);
		w = winner(score);
		if (w == 0)
			goto ro;
		/* CLD2 calls short French, Italian, Spanish, Portuguese and
		 * German text English: their own words say otherwise (and
		 * when two of them tie, the text is still none of ours). */
		if (w > 1 && strcmp(code, "en") == 0) {
			strcpy(code, codes[w]);
			return 0;
		}
		if (w < 0 && strcmp(code, "en") == 0 && foreign_lead(score)) {
			strcpy(code, "und");
			return 0;
		}
		/* Letters neither English nor Romanian writes, and no
		 * English word: not English, and no language to name. */
		foreign = strcmp(code, "en") == 0 ? foreign_letters(p, n) : 0;
		if (foreign > 0 && score[1] == 0) {
			strcpy(code, "und");
			return 0;
		}
	}
	if (strcmp(code, "un") == 0)
		strcpy(code, "und");
	else {
		/* ISO 639-1: "zh-Hant" and the like keep their language */
		char *dash = strchr(code, '-');

		if (dash != NULL)
			*dash = '\0';
	}
	return 0;
ro:
	strcpy(code, "ro");
	return 0;
}
