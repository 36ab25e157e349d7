import type { Knex } from 'knex'
import { canonicalJson } from '../src/shared/canonicalJson'
import type { CaseStatus, Channel, EventType, Kind } from '../src/shared/domain'
import { createHash } from 'node:crypto'
import {
  GENESIS_HASH,
  eventHashInput,
  type CaseReceivedPayload,
  type CaseScreenedPayload,
  type CaseTransitionedPayload,
} from '../src/shared/events'
import { HLC_ZERO, formatHlc, tick, type Hlc } from '../src/shared/hlc'
import { TRANSITIONS, type Transition } from '../src/shared/lifecycle'
import type { Complainant, IntakeInput } from '../src/shared/schemas'
import { DEFAULT_ZONE, dayInZone, type StationZone } from '../src/shared/timeZone'
import { encodeTrackingNumber } from '../src/shared/trackingNumber'
import { EVENT_COLUMNS, hashEvent } from '../src/core/eventLog'
import { aad, sealCaseColumns } from '../src/core/atRest'
import { cipherOf, type DataCipher } from '../src/core/crypto/dataKey'

// Seeds a station with N realistic cases, written as the station itself would
// have written them: every case has its hash-chained `case.received` event, and
// cases that were handled have their screening and lifecycle events too, so the
// statuses are a desk's real mix and `rebuildProjections` gives back the same
// projection rows. Rows are generated in chunks by a deterministic generator
// (the benchmark generates the same rows again as CSV for the sqlite3 tool),
// loaded chunk by chunk (one INSERT … SELECT FROM json_each(?) per table and
// chunk, written while the next chunk is generated) in one transaction, with the
// FTS triggers set aside and the index rebuilt once at the end.

export type Rng = () => number

/** mulberry32: a small, fast, deterministic PRNG. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)] as T
}

function pickWeighted<T>(rng: Rng, items: ReadonlyArray<readonly [T, number]>): T {
  let total = 0
  for (const [, w] of items) total += w
  let r = rng() * total
  for (const [v, w] of items) {
    r -= w
    if (r < 0) return v
  }
  return (items[items.length - 1] as readonly [T, number])[0]
}

function between(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1))
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

/** A UUIDv7 (time then randomness) whose random bits come from the generator. */
function uuidv7(rng: Rng, ms: number): string {
  const high = Math.floor(ms / 2 ** 24) // 24 high bits of the 48-bit time
  const low = ms % 2 ** 24
  const a = (rng() * 4294967296) >>> 0
  const b = (rng() * 4294967296) >>> 0
  const c = (rng() * 65536) >>> 0
  const h = (n: number) => HEX[n & 0xff] as string
  return (
    h(high >>> 16) +
    h(high >>> 8) +
    h(high) +
    h(low >>> 16) +
    '-' +
    h(low >>> 8) +
    h(low) +
    '-' +
    h(0x70 | ((a >>> 28) & 0x0f)) +
    h(a >>> 20) +
    '-' +
    h(0x80 | ((a >>> 8) & 0x3f)) +
    h(a) +
    '-' +
    h(b >>> 24) +
    h(b >>> 16) +
    h(b >>> 8) +
    h(b) +
    h(c >>> 8) +
    h(c)
  )
}

// ---------------------------------------------------------------------------
// Vocabulary. Two words are kept at known frequencies for the search benchmark:
// "warga" only in half of the openings and "mohon" only in half of the
// closings; four rare words (kerbau, gamelan, rakit, seruling) each appear in
// about one description in ten thousand, and nowhere else.

export const COMMON_WORDS = ['warga', 'mohon'] as const
export const RARE_WORDS = ['kerbau', 'gamelan', 'rakit', 'seruling'] as const
export const TWO_WORD_QUERIES = [
  'jalan rusak',
  'dana desa',
  'bantuan sosial',
  'pungutan liar',
] as const

const RARE_SENTENCES = [
  'Bahkan seekor kerbau milik tetangga kami pernah terperosok ke dalam lubang tersebut.',
  'Saat itu sedang ada latihan gamelan di balai dusun sehingga banyak orang menyaksikan kejadian tersebut.',
  'Untuk menyeberang, sebagian orang terpaksa menggunakan rakit bambu buatan sendiri.',
  'Seorang penjual seruling keliling juga melihat sendiri kejadian itu dan bersedia menjadi saksi.',
]

const VILLAGE_HEADS = [
  'Suka',
  'Mekar',
  'Sindang',
  'Tanjung',
  'Karang',
  'Sumber',
  'Jati',
  'Mulya',
  'Pasir',
  'Bojong',
  'Sido',
  'Tegal',
  'Wono',
  'Banjar',
  'Kali',
  'Sri',
  'Giri',
  'Marga',
  'Cipta',
  'Harja',
]
const VILLAGE_TAILS = [
  'maju',
  'jaya',
  'mulya',
  'sari',
  'rahayu',
  'asih',
  'makmur',
  'harjo',
  'wangi',
  'rejo',
  'agung',
  'mukti',
  'laksana',
  'kerta',
  'luhur',
  'nagara',
]
const DISTRICTS = [
  'Cibeber',
  'Sukaresmi',
  'Pagelaran',
  'Cikalong',
  'Bojongpicung',
  'Ciranjang',
  'Karangtengah',
  'Warungkondang',
  'Gekbrong',
  'Cugenang',
  'Pacet',
  'Sukanagara',
  'Takokak',
  'Campaka',
  'Tanggeung',
  'Kadupandak',
  'Sindangbarang',
  'Agrabinta',
  'Leles',
  'Naringgul',
  'Cidaun',
  'Mande',
  'Haurwangi',
  'Cilaku',
]
const HAMLETS = [
  'Krajan',
  'Babakan',
  'Pangkalan',
  'Kebonsari',
  'Cikadu',
  'Tegalsari',
  'Pucung',
  'Ngasem',
  'Gedangan',
  'Sawahan',
  'Kedungdowo',
  'Jetis',
  'Pelem',
  'Sumberejo',
  'Ciherang',
  'Legok',
  'Kaum',
  'Lebak',
  'Pasanggrahan',
  'Cimanggu',
  'Nangela',
  'Bantarjati',
  'Pojok',
  'Ngablak',
]
const FIRST_NAMES = [
  'Budi',
  'Siti',
  'Agus',
  'Dewi',
  'Rahmat',
  'Sri',
  'Wahyu',
  'Eko',
  'Nur',
  'Ahmad',
  'Yuni',
  'Dedi',
  'Rina',
  'Asep',
  'Euis',
  'Hendra',
  'Ratna',
  'Joko',
  'Lina',
  'Ujang',
  'Tuti',
  'Bambang',
  'Endang',
  'Iwan',
  'Yanti',
  'Dadang',
  'Nining',
  'Hasan',
  'Fitri',
  'Rudi',
  'Mulyadi',
  'Komariah',
  'Slamet',
  'Wati',
  'Andi',
  'Imas',
  'Teguh',
  'Nurhayati',
  'Supriyadi',
  'Kartini',
]
const LAST_NAMES = [
  'Santoso',
  'Wijaya',
  'Hidayat',
  'Saputra',
  'Lestari',
  'Rahmawati',
  'Kurniawan',
  'Pratama',
  'Nugroho',
  'Susanti',
  'Setiawan',
  'Purnomo',
  'Hasibuan',
  'Siregar',
  'Nasution',
  'Permana',
  'Gunawan',
  'Sulaeman',
  'Suryana',
  'Maulana',
  'Hermawan',
  'Kusnadi',
  'Ramdani',
  'Sopandi',
  'Fauzi',
  'Ningsih',
  'Rohmah',
  'Firmansyah',
  'Hakim',
  'Anggraini',
]
const CLERKS = [
  { user: 'siti', name: 'Siti Rahmawati' },
  { user: 'dedi', name: 'Dedi Kurniawan' },
  { user: 'rina', name: 'Rina Marlina' },
  { user: 'asep', name: 'Asep Saepudin' },
  { user: 'yuni', name: 'Yuni Astuti' },
  { user: 'hendra', name: 'Hendra Gunawan' },
]
const AUDITORS = [
  { user: 'bambang', name: 'Bambang Suryadi' },
  { user: 'lina', name: 'Lina Herlina' },
  { user: 'teguh', name: 'Teguh Prasetyo' },
  { user: 'ratna', name: 'Ratna Dewi' },
  { user: 'iwan', name: 'Iwan Setiawan' },
  { user: 'euis', name: 'Euis Komalasari' },
  { user: 'joko', name: 'Joko Widodo Santoso' },
  { user: 'fitri', name: 'Fitri Handayani' },
]
const AGENCY_NAMES: Record<string, string> = {
  INSPEKTORAT: 'Inspektorat Daerah',
  DISDIK: 'Dinas Pendidikan',
  DINKES: 'Dinas Kesehatan',
  DPUPR: 'Dinas Pekerjaan Umum dan Penataan Ruang',
  DINSOS: 'Dinas Sosial',
  DISDUKCAPIL: 'Dinas Kependudukan dan Pencatatan Sipil',
  DPMPTSP: 'Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu',
  DPMD: 'Dinas Pemberdayaan Masyarakat dan Desa',
  DISHUB: 'Dinas Perhubungan',
  DLH: 'Dinas Lingkungan Hidup',
  DISNAKER: 'Dinas Tenaga Kerja',
  DISTAN: 'Dinas Pertanian',
  BKPSDM: 'Badan Kepegawaian dan Pengembangan Sumber Daya Manusia',
  BPBD: 'Badan Penanggulangan Bencana Daerah',
  SATPOLPP: 'Satuan Polisi Pamong Praja',
  RSUD: 'Rumah Sakit Umum Daerah',
  KECAMATAN: 'Kecamatan',
  PEMDES: 'Pemerintah Desa',
}
const FORWARD_TO = ['PEMPROV', 'KEMENDAGRI', 'APH', 'ORI']
const MONTHS = [
  'Januari',
  'Februari',
  'Maret',
  'April',
  'Mei',
  'Juni',
  'Juli',
  'Agustus',
  'September',
  'Oktober',
  'November',
  'Desember',
]
const WEEKDAYS = ['Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu', 'Minggu']
const DURATIONS = [
  'dua minggu',
  'satu bulan',
  'tiga bulan',
  'enam bulan',
  'lebih dari setahun',
  'hampir dua tahun',
  'empat bulan',
]
const DOCUMENTS = ['KTP elektronik', 'Kartu Keluarga', 'akta kelahiran', 'surat pindah']
const PROJECTS = [
  'jalan usaha tani',
  'gedung PAUD',
  'sumur bor',
  'talud penahan tanah',
  'pos kamling',
  'saluran irigasi',
]
const OFFICIALS = [
  'kepala dusun',
  'sekretaris desa',
  'camat',
  'kepala desa',
  'ketua RT',
  'petugas kecamatan',
]

interface Topic {
  weight: number
  category: string
  agencies: readonly string[]
  positions: readonly string[]
  issue: readonly string[]
  subjects: readonly string[]
  sentences: readonly string[]
}

const TOPICS: readonly Topic[] = [
  {
    weight: 16,
    category: 'Infrastruktur',
    agencies: ['DPUPR', 'PEMDES'],
    positions: ['Kepala Bidang Bina Marga', 'Pengawas Proyek', 'Kepala Desa', 'Kepala Seksi Jalan'],
    issue: ['kondisi jalan desa yang rusak', 'jembatan yang ambruk', 'proyek pengaspalan jalan'],
    subjects: [
      'Jalan rusak di Desa {desa} tidak kunjung diperbaiki',
      'Jembatan penghubung Dusun {dusun} ambruk dan membahayakan',
      'Pengaspalan jalan di {desa} diduga tidak sesuai spesifikasi',
      'Saluran drainase tersumbat, banjir di Desa {desa}',
      'Lampu penerangan jalan di Kecamatan {kec} padam berbulan-bulan',
    ],
    sentences: [
      'Jalan sepanjang {km} kilometer yang menghubungkan Dusun {dusun} dengan pusat desa rusak berat dan berlubang di banyak titik.',
      'Setiap kali hujan, lubang di badan jalan tergenang air sehingga pengendara sepeda motor sering terjatuh.',
      'Menurut papan proyek, pekerjaan tersebut dibiayai APBD tahun {tahun} dengan nilai kontrak sekitar Rp {juta} juta.',
      'Lapisan aspal yang baru dikerjakan {durasi} lalu sudah mengelupas, dan ketebalannya hanya sekitar dua sentimeter.',
      'Anak-anak sekolah terpaksa memutar sejauh {km} kilometer karena jembatan tidak dapat dilalui.',
      'Usulan perbaikan sudah kami sampaikan melalui musrenbang desa tiga tahun berturut-turut tetapi tidak pernah terealisasi.',
      'Truk pengangkut material sering melintas dengan muatan berlebih sehingga kerusakan jalan semakin parah.',
      'Saluran air di sisi jalan tertutup sedimen dan sampah sehingga air meluap ke permukiman.',
    ],
  },
  {
    weight: 11,
    category: 'Administrasi Kependudukan',
    agencies: ['DISDUKCAPIL', 'KECAMATAN'],
    positions: ['Operator Dukcapil', 'Kepala Seksi Pelayanan', 'Petugas Loket'],
    issue: ['pungutan liar dalam pelayanan dokumen kependudukan', 'pengurusan {dokumen}'],
    subjects: [
      'Pungutan liar pembuatan {dokumen} di Kecamatan {kec}',
      'Pengurusan {dokumen} dipersulit dan diminta biaya tambahan',
      '{dokumen} tidak selesai setelah menunggu {durasi}',
      'Calo menawarkan jasa percepatan dokumen di kantor Disdukcapil',
    ],
    sentences: [
      'Petugas di loket meminta uang sebesar Rp {ribu}.000 agar pembuatan {dokumen} dapat selesai pada hari yang sama.',
      'Padahal sesuai ketentuan, pelayanan administrasi kependudukan tidak dipungut biaya apa pun.',
      'Ketika kami menolak membayar, berkas kami dikatakan belum lengkap tanpa penjelasan yang jelas.',
      'Di depan kantor ada beberapa orang yang menawarkan jasa pengurusan dengan tarif Rp {ribu}.000 per dokumen.',
      'Blangko disebut selalu habis, tetapi orang yang membayar lebih dapat memperoleh dokumen dalam satu hari.',
      'Antrean dibuka pukul delapan tetapi petugas baru datang menjelang pukul sepuluh.',
    ],
  },
  {
    weight: 12,
    category: 'Pemerintahan Desa',
    agencies: ['PEMDES', 'DPMD', 'INSPEKTORAT'],
    positions: ['Kepala Desa', 'Sekretaris Desa', 'Bendahara Desa', 'Ketua BUMDes'],
    issue: ['pengelolaan dana desa', 'penyaluran BLT dana desa', 'keuangan BUMDes'],
    subjects: [
      'Penggunaan dana desa {desa} tahun {tahun} tidak transparan',
      'Kepala desa {desa} diduga menyalahgunakan anggaran BUMDes',
      'BLT dana desa tidak tepat sasaran di Desa {desa}',
      'Papan informasi APBDes tidak pernah dipasang di Desa {desa}',
    ],
    sentences: [
      'Sejak awal tahun {tahun}, pemerintah desa tidak pernah memasang papan informasi APBDes sebagaimana diwajibkan.',
      'Pembangunan {proyek} yang tercantum dalam laporan realisasi ternyata tidak pernah dikerjakan di lapangan.',
      'Kepala desa menolak memperlihatkan dokumen rencana anggaran ketika ditanya oleh anggota BPD.',
      'Penerima BLT dana desa sebagian besar kerabat perangkat desa, sementara keluarga miskin tidak terdata.',
      'Modal BUMDes sebesar Rp {juta} juta tidak jelas penggunaannya dan unit usahanya sudah tidak beroperasi.',
      'Musyawarah desa hanya dihadiri perangkat desa dan beberapa orang dekat kepala desa.',
    ],
  },
  {
    weight: 10,
    category: 'Kesehatan',
    agencies: ['DINKES', 'RSUD'],
    positions: ['Kepala Puskesmas', 'Petugas Pendaftaran', 'Direktur RSUD', 'Bidan Desa'],
    issue: ['pelayanan kesehatan di puskesmas', 'pelayanan pasien peserta BPJS'],
    subjects: [
      'Pelayanan Puskesmas {kec} lambat dan petugas tidak ramah',
      'Pasien peserta BPJS diminta membayar obat di RSUD',
      'Obat di Puskesmas {kec} sering kosong',
      'Ambulans desa {desa} tidak bisa digunakan saat darurat',
    ],
    sentences: [
      'Kami datang sejak pukul tujuh pagi namun baru dilayani menjelang siang karena dokter belum hadir.',
      'Petugas pendaftaran berbicara dengan nada kasar kepada pasien lanjut usia.',
      'Meskipun terdaftar sebagai peserta BPJS Kesehatan, keluarga pasien diminta membeli obat di apotek luar seharga Rp {ribu}.000.',
      'Obat untuk penyakit kronis seperti hipertensi dan diabetes sering tidak tersedia selama {durasi}.',
      'Ruang tunggu sempit, kipas angin rusak, dan toilet tidak berfungsi.',
      'Ibu hamil di Dusun {dusun} harus ditandu ke jalan raya karena ambulans tidak bisa dihubungi.',
    ],
  },
  {
    weight: 11,
    category: 'Bantuan Sosial',
    agencies: ['DINSOS', 'PEMDES'],
    positions: ['Pendamping PKH', 'Operator Desa', 'Ketua Kelompok', 'Kepala Bidang Linjamsos'],
    issue: ['penyaluran bantuan sosial', 'data penerima bantuan sosial'],
    subjects: [
      'Bantuan sosial PKH dipotong pendamping di Desa {desa}',
      'Keluarga miskin di Dusun {dusun} tidak menerima bantuan sosial',
      'Penyaluran BPNT di {desa} tidak sesuai jumlah yang ditetapkan',
      'Data penerima bantuan sosial di Kecamatan {kec} tidak diperbarui',
    ],
    sentences: [
      'Setiap pencairan, penerima diminta menyerahkan Rp {ribu}.000 kepada oknum pendamping dengan alasan uang administrasi.',
      'Beberapa penerima bantuan memiliki rumah permanen dan kendaraan, sedangkan janda lansia di lingkungan kami tidak pernah terdaftar.',
      'Kartu ATM penerima dikumpulkan oleh ketua kelompok dan baru dikembalikan setelah dana ditarik.',
      'Paket sembako yang diterima hanya berisi beras {kg} kilogram dan telur, tidak sesuai nilai bantuan.',
      'Usulan pemutakhiran DTKS sudah kami sampaikan melalui operator desa tetapi tidak ada perubahan.',
    ],
  },
  {
    weight: 6,
    category: 'Perizinan',
    agencies: ['DPMPTSP'],
    positions: ['Petugas Front Office', 'Kepala Bidang Perizinan'],
    issue: ['pelayanan perizinan', 'penerbitan persetujuan bangunan gedung'],
    subjects: [
      'Pengurusan izin usaha mikro di DPMPTSP berbelit-belit',
      'Persetujuan bangunan gedung tertahan lebih dari {durasi}',
      'Dugaan permintaan uang pelicin dalam penerbitan izin',
    ],
    sentences: [
      'Permohonan persetujuan bangunan gedung kami ajukan secara daring namun statusnya tidak berubah selama {durasi}.',
      'Petugas menyarankan agar kami memakai jasa konsultan tertentu supaya proses lebih cepat.',
      'Kami diminta melengkapi persyaratan yang tidak tercantum dalam standar pelayanan.',
      'Ada oknum yang meminta uang pelicin sebesar Rp {juta} juta agar izin segera terbit.',
    ],
  },
  {
    weight: 11,
    category: 'Pendidikan',
    agencies: ['DISDIK'],
    positions: ['Kepala Sekolah', 'Bendahara BOS', 'Panitia PPDB', 'Pengawas Sekolah'],
    issue: ['pungutan di sekolah', 'penerimaan peserta didik baru', 'pengelolaan dana BOS'],
    subjects: [
      'Pungutan uang seragam dan buku di {sekolah}',
      'Penerimaan peserta didik baru di {sekolah} tidak transparan',
      'Dana BOS {sekolah} diduga diselewengkan',
      'Honor guru di {sekolah} belum dibayar {durasi}',
    ],
    sentences: [
      'Pihak sekolah mewajibkan orang tua membayar Rp {ribu}.000 untuk seragam, buku, dan kegiatan tanpa rincian yang jelas.',
      'Siswa yang belum membayar tidak diberikan kartu ujian.',
      'Dalam seleksi zonasi, calon siswa yang rumahnya jauh justru diterima sementara anak di sekitar sekolah ditolak.',
      'Laporan penggunaan dana BOS tidak pernah diumumkan kepada komite sekolah dan orang tua murid.',
      'Guru honorer menerima honor hanya Rp {ribu}.000 per bulan dan itu pun sering terlambat.',
      'Ruang kelas rusak dan atapnya bocor sehingga kegiatan belajar dipindahkan ke mushola.',
    ],
  },
  {
    weight: 7,
    category: 'Kepegawaian',
    agencies: ['BKPSDM', 'INSPEKTORAT', 'KECAMATAN'],
    positions: ['Kepala Seksi', 'Staf Pelaksana', 'Panitia Seleksi'],
    issue: ['disiplin aparatur sipil negara', 'netralitas ASN', 'seleksi PPPK'],
    subjects: [
      'ASN di Kantor Kecamatan {kec} sering tidak masuk kerja',
      'Dugaan pelanggaran netralitas ASN menjelang pilkada',
      'Seleksi PPPK di pemerintah daerah diduga tidak jujur',
    ],
    sentences: [
      'Seorang aparatur sipil negara di kantor tersebut hanya datang untuk mengisi daftar hadir lalu pergi.',
      'Oknum ASN terlihat aktif mengunggah dukungan kepada salah satu pasangan calon di media sosial.',
      'Beberapa peserta seleksi yang lulus diketahui memiliki hubungan keluarga dengan pejabat panitia.',
      'Pada jam kerja pegawai sering ditemukan berada di warung kopi depan kantor.',
    ],
  },
  {
    weight: 8,
    category: 'Lingkungan Hidup',
    agencies: ['DLH', 'BPBD'],
    positions: ['Kepala Bidang Persampahan', 'Kepala Pelaksana BPBD', 'Pengawas Lingkungan'],
    issue: ['pencemaran lingkungan', 'penanganan sampah', 'penanganan korban banjir'],
    subjects: [
      'Sampah menumpuk di tepi jalan Desa {desa} tidak diangkut',
      'Limbah pabrik mencemari sungai di Kecamatan {kec}',
      'Bantuan korban banjir di Desa {desa} belum tersalurkan',
      'Tanggul sungai di Dusun {dusun} jebol dan belum diperbaiki',
    ],
    sentences: [
      'Tumpukan sampah menimbulkan bau menyengat dan menjadi sarang lalat serta tikus.',
      'Air sungai berubah warna menjadi hitam dan berbau setiap malam, diduga karena pembuangan limbah pabrik.',
      'Ikan di kolam milik penduduk mati setelah air sungai tercemar.',
      'Bantuan logistik untuk korban banjir disimpan di gudang desa dan tidak dibagikan selama {durasi}.',
      'Tanggul yang jebol pada musim hujan lalu hanya ditambal dengan karung pasir.',
    ],
  },
  {
    weight: 4,
    category: 'Ketertiban Umum',
    agencies: ['DISHUB', 'SATPOLPP'],
    positions: ['Juru Parkir', 'Kepala Regu', 'Kepala Bidang Lalu Lintas'],
    issue: ['parkir liar', 'penertiban pedagang kaki lima', 'rambu lalu lintas'],
    subjects: [
      'Pungutan parkir liar di Pasar {kec}',
      'Penertiban pedagang kaki lima dilakukan dengan kasar',
      'Rambu lalu lintas di simpang {desa} hilang',
    ],
    sentences: [
      'Juru parkir tanpa karcis resmi menarik tarif Rp {ribu}.000 untuk kendaraan roda dua.',
      'Petugas penertiban merusak gerobak pedagang dan menyita barang dagangan tanpa berita acara.',
      'Rambu dan marka di persimpangan tersebut sudah lama hilang sehingga sering terjadi kecelakaan.',
    ],
  },
  {
    weight: 3,
    category: 'Pertanian',
    agencies: ['DISTAN'],
    positions: ['Penyuluh Pertanian', 'Ketua Kelompok Tani'],
    issue: ['distribusi pupuk bersubsidi', 'bantuan alat mesin pertanian'],
    subjects: [
      'Pupuk bersubsidi langka di Kecamatan {kec}',
      'Bantuan traktor hanya diberikan kepada kelompok tertentu',
    ],
    sentences: [
      'Kios pengecer menjual pupuk bersubsidi di atas harga eceran tertinggi, yaitu Rp {ribu}.000 per sak.',
      'Petani yang tidak terdaftar dalam kelompok tani tidak bisa membeli pupuk meskipun memiliki lahan.',
      'Traktor bantuan pemerintah justru disewakan oleh ketua kelompok kepada petani lain.',
    ],
  },
  {
    weight: 3,
    category: 'Ketenagakerjaan',
    agencies: ['DISNAKER'],
    positions: ['Pengawas Ketenagakerjaan', 'Manajer Personalia'],
    issue: ['pembayaran upah pekerja', 'pemutusan hubungan kerja'],
    subjects: [
      'Perusahaan di Kecamatan {kec} membayar upah di bawah UMK',
      'Pekerja diberhentikan tanpa pesangon',
    ],
    sentences: [
      'Karyawan bekerja lebih dari sepuluh jam sehari tanpa upah lembur.',
      'Perusahaan tidak mendaftarkan pekerjanya sebagai peserta BPJS Ketenagakerjaan.',
      'Upah yang diterima hanya Rp {juta} juta per bulan, jauh di bawah upah minimum kabupaten.',
    ],
  },
]
const TOPIC_WEIGHTS = TOPICS.map((t) => [t, t.weight] as const)

const OPENINGS_WITH_COMMON = [
  'Kami warga RT {rt} RW {rw} Dusun {dusun}, Desa {desa}, Kecamatan {kec}, ingin menyampaikan {jenis} mengenai {isu}.',
  'Saya adalah warga Desa {desa} Kecamatan {kec} yang ingin menyampaikan {jenis} terkait {isu}.',
]
const OPENINGS = [
  'Dengan hormat, saya {nama} dari Desa {desa}, Kecamatan {kec}, menyampaikan {jenis} mengenai {isu}.',
  'Bersama ini kami, masyarakat Dusun {dusun} Desa {desa}, menyampaikan {jenis} tentang {isu}.',
]
const GENERIC = [
  'Hal ini sudah kami sampaikan secara lisan kepada {pejabat} pada bulan {bulan} lalu, namun tidak ada tindak lanjut.',
  'Kondisi ini sangat merugikan masyarakat kecil, terutama lansia dan anak-anak.',
  'Kami memiliki foto dan rekaman video sebagai bukti yang dapat kami serahkan bila diperlukan.',
  'Beberapa tetangga mengalami hal yang sama tetapi takut melapor karena khawatir akan dipersulit.',
  'Kejadian terakhir terjadi pada hari {hari} tanggal {tgl} {bulan} {tahun} sekitar pukul {jam}.',
  'Kami berharap pemerintah daerah turun langsung ke lapangan untuk melihat kondisi sebenarnya.',
  'Permasalahan ini sudah berlangsung selama {durasi} dan semakin meresahkan.',
  'Identitas pelapor kami harap dirahasiakan demi keamanan keluarga kami.',
  'Kami juga telah mengirimkan surat tertulis ke kantor {instansi} tetapi belum mendapat jawaban.',
  'Informasi ini kami peroleh dari pengumuman resmi dan keterangan beberapa tokoh masyarakat setempat.',
]
const CLOSINGS_WITH_COMMON = [
  'Mohon agar permasalahan ini segera ditindaklanjuti. Terima kasih.',
  'Kami mohon Bapak dan Ibu dapat menindaklanjuti laporan ini secepatnya.',
  'Atas perhatiannya kami mohon tindak lanjut yang nyata.',
]
const CLOSINGS = [
  'Kami menunggu tindak lanjut dari instansi terkait. Terima kasih.',
  'Besar harapan kami agar laporan ini ditangani dengan serius.',
  'Demikian laporan ini kami sampaikan dengan sebenar-benarnya.',
]
const KIND_WORDS: Record<Kind, string> = {
  pengaduan: 'pengaduan',
  aspirasi: 'aspirasi',
  permintaan_informasi: 'permintaan informasi',
}

const CHANNEL_MIX: ReadonlyArray<readonly [Channel, number]> = [
  ['walk_in', 25],
  ['web', 18],
  ['whatsapp', 18],
  ['letter', 10],
  ['phone', 7],
  ['social_media', 8],
  ['email', 6],
  ['sms', 5],
  ['referral', 3],
]
const KIND_MIX: ReadonlyArray<readonly [Kind, number]> = [
  ['pengaduan', 80],
  ['aspirasi', 12],
  ['permintaan_informasi', 8],
]
const PROVINCE_REGENCIES = ['3203', '3201', '3204', '3171', '3374', '3578', '1271', '7371', '5171']

const SLOT = /\{(\w+)\}/g

/** Text with {slots} filled from the vocabulary. */
class TextMaker {
  constructor(
    private readonly rng: Rng,
    private readonly place: { desa: string; kec: string; dusun: string },
    private readonly kind: Kind,
    private readonly topic: Topic,
  ) {}

  fill(template: string): string {
    return template.replace(SLOT, this.slot)
  }

  private readonly slot = (_: string, slot: string): string => {
    const r = this.rng
    switch (slot) {
      case 'desa':
        return this.place.desa
      case 'kec':
        return this.place.kec
      case 'dusun':
        return this.place.dusun
      case 'rt':
        return String(between(r, 1, 12)).padStart(3, '0')
      case 'rw':
        return String(between(r, 1, 8)).padStart(3, '0')
      case 'jenis':
        return KIND_WORDS[this.kind]
      case 'isu':
        return this.fill(pick(r, this.topic.issue))
      case 'nama':
        return `${pick(r, FIRST_NAMES)} ${pick(r, LAST_NAMES)}`
      case 'km':
        return String(between(r, 1, 9))
      case 'kg':
        return String(between(r, 3, 10))
      case 'tahun':
        return String(between(r, 2022, 2026))
      case 'juta':
        return String(between(r, 2, 950))
      case 'ribu':
        return String(between(r, 2, 60) * 5)
      case 'durasi':
        return pick(r, DURATIONS)
      case 'dokumen':
        return pick(r, DOCUMENTS)
      case 'proyek':
        return pick(r, PROJECTS)
      case 'pejabat':
        return pick(r, OFFICIALS)
      case 'bulan':
        return pick(r, MONTHS)
      case 'hari':
        return pick(r, WEEKDAYS)
      case 'tgl':
        return String(between(r, 1, 28))
      case 'jam':
        return `${String(between(r, 7, 21)).padStart(2, '0')}.${pick(r, ['00', '15', '30', '45'])}`
      case 'instansi':
        return AGENCY_NAMES[pick(r, this.topic.agencies)] ?? 'instansi terkait'
      case 'sekolah':
        return pick(r, [
          `SD Negeri ${between(r, 1, 6)} ${this.place.desa}`,
          `SMP Negeri ${between(r, 1, 4)} ${this.place.kec}`,
          `SMA Negeri ${between(r, 1, 3)} ${this.place.kec}`,
        ])
      default:
        return slot
    }
  }

  subject(): string {
    return this.fill(pick(this.rng, this.topic.subjects))
  }

  /** About 650 to 950 characters: opening, details, general remarks, closing. */
  description(): string {
    const r = this.rng
    const target = between(r, 650, 950)
    const opening = this.fill(pick(r, r() < 0.5 ? OPENINGS_WITH_COMMON : OPENINGS))
    const closing = pick(r, r() < 0.5 ? CLOSINGS_WITH_COMMON : CLOSINGS)
    const parts = [opening]
    let length = opening.length + closing.length
    const pool = [...this.topic.sentences]
    for (let i = 0; i < RARE_SENTENCES.length; i++) {
      if (r() < 0.0001) {
        const s = RARE_SENTENCES[i] as string
        parts.push(s)
        length += s.length + 1
      }
    }
    while (length < target) {
      const fromTopic = pool.length > 0 && r() < 0.65
      let s: string
      if (fromTopic) {
        s = this.fill(pool.splice(Math.floor(r() * pool.length), 1)[0] as string)
      } else {
        s = this.fill(pick(r, GENERIC))
      }
      parts.push(s)
      length += s.length + 1
    }
    parts.push(closing)
    // Letters and WhatsApp messages come in paragraphs.
    return r() < 0.3
      ? `${parts.slice(0, 2).join(' ')}\n\n${parts.slice(2).join(' ')}`
      : parts.join(' ')
  }
}

function nik(rng: Rng): string {
  const region = pick(rng, PROVINCE_REGENCIES)
  const district = String(between(rng, 1, 30)).padStart(2, '0')
  const female = rng() < 0.5
  const day = between(rng, 1, 28) + (female ? 40 : 0)
  const month = between(rng, 1, 12)
  const year = between(rng, 55, 104) % 100
  const serial = between(rng, 1, 9999)
  const pad = (n: number, w = 2) => String(n).padStart(w, '0')
  return `${region}${district}${pad(day)}${pad(month)}${pad(year)}${pad(serial, 4)}`
}

function phone(rng: Rng): string {
  return `+628${between(rng, 11, 59)}${String(between(rng, 0, 99_999_999)).padStart(8, '0')}`
}

// ---------------------------------------------------------------------------
// Rows

export type SqlValue = string | number | null

/** Column order of the rows the generator returns (events: the station's own order). */
export { EVENT_COLUMNS }
export const CASE_COLUMNS = [
  'id',
  'tracking_number',
  'station_id',
  'status',
  'channel',
  'kind',
  'received_at',
  'received_by',
  'subject',
  'description',
  'category',
  'location',
  'incident_date',
  'reported_agency',
  'reported_person',
  'reported_position',
  'complainant',
  'complainant_nik_ix',
  'complainant_phone_ix',
  'anonymous',
  'confidential',
  'attachments_count',
  'updated_at',
  'status_day',
  'screening_conclusion',
  'within_authority',
  'supervisory',
  'agency_code',
  'last_response_day',
  'assignee',
  'time_zone',
] as const
export const PAUSE_COLUMNS = ['case_id', 'from_day', 'to_day'] as const

export interface SeedOptions {
  count: number
  stationId: string
  stationCode: string
  /** The station's zone, in which its days are counted (default WIB). */
  timeZone?: StationZone
  seed?: number
  onProgress?: (done: number) => void
  /** End of the period the cases were received in; default now. */
  until?: Date
  /** Length of that period in days; default three years. */
  spanDays?: number
  /** Cases per generated chunk; default 500. */
  chunkSize?: number
}

export interface SeedChunk {
  /** Cases generated so far, this chunk's included. */
  done: number
  cases: SqlValue[][]
  events: SqlValue[][]
  pauses: SqlValue[][]
}

type LifecycleEvent =
  | { type: 'case.screened'; payload: CaseScreenedPayload }
  | { type: 'case.transitioned'; payload: CaseTransitionedPayload }

interface Step {
  t: number
  actor: string
  events: LifecycleEvent[]
}

interface Pending {
  t: number
  order: number
  caseId: string
  steps: Step[]
  next: number
}

/** A binary min-heap of the lifecycle steps still to be written, by time. */
class StepQueue {
  private readonly items: Pending[] = []

  peek(): Pending | undefined {
    return this.items[0]
  }

  private less(a: Pending, b: Pending): boolean {
    return a.t < b.t || (a.t === b.t && a.order < b.order)
  }

  push(p: Pending): void {
    const h = this.items
    h.push(p)
    let i = h.length - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!this.less(h[i] as Pending, h[parent] as Pending)) break
      ;[h[i], h[parent]] = [h[parent] as Pending, h[i] as Pending]
      i = parent
    }
  }

  pop(): Pending | undefined {
    const h = this.items
    const top = h[0]
    const last = h.pop()
    if (h.length > 0 && last) {
      h[0] = last
      let i = 0
      for (;;) {
        const l = 2 * i + 1
        const r = l + 1
        let m = i
        if (l < h.length && this.less(h[l] as Pending, h[m] as Pending)) m = l
        if (r < h.length && this.less(h[r] as Pending, h[m] as Pending)) m = r
        if (m === i) break
        ;[h[i], h[m]] = [h[m] as Pending, h[i] as Pending]
        i = m
      }
    }
    return top
  }
}

const DAY_MS = 86_400_000
// Stands in for the payload in the hash input; no generated text contains it.
const PAYLOAD_MARK = '\u0000payload\u0000'
const PAYLOAD_MARK_JSON = JSON.stringify(PAYLOAD_MARK)

/** What the projection holds after the case's events, as applyEvent computes it. */
interface Projected {
  status: CaseStatus
  statusDay: string | null
  conclusion: string | null
  withinAuthority: number | null
  supervisory: number | null
  agencyCode: string | null
  assignee: string | null
  updatedAt: string
  pauses: Array<{ from: string; to: string | null }>
}

function project(state: Projected, e: LifecycleEvent, at: number): void {
  state.updatedAt = new Date(at).toISOString()
  if (e.type === 'case.screened') {
    const p = e.payload
    state.conclusion = p.conclusion
    state.withinAuthority = p.withinAuthority ? 1 : 0
    state.supervisory = p.supervisory ? 1 : 0
    state.agencyCode = p.agencyCode
    if (p.assignee) state.assignee = p.assignee
    return
  }
  const p = e.payload
  state.status = p.to
  state.statusDay = p.day
  if (p.transition === 'forward') state.agencyCode = p.agencyCode
  if (p.transition === 'requestCompletion') {
    const same = state.pauses.find((x) => x.from === p.day)
    if (same) same.to = null
    else state.pauses.push({ from: p.day, to: null })
  } else if (p.from === 'menunggu_kelengkapan') {
    for (const x of state.pauses) if (x.to === null) x.to = p.day
  }
}

/**
 * The deterministic generator behind seedCases: the same options give the same
 * rows, chunk by chunk, with events in clock order across cases (a case's
 * screening and status steps come days after its receipt, interleaved with the
 * receipts of newer cases).
 */
export class CaseGenerator {
  private readonly rng: Rng
  private readonly count: number
  private readonly chunkSize: number
  private readonly start: number
  private readonly span: number
  private readonly until: number
  private next = 0
  private order = 0
  private seq = 0
  private prevHash = GENESIS_HASH
  private lastHlc: Hlc = HLC_ZERO
  private day = ''
  private daySeq = 0
  private readonly zone: StationZone
  private readonly queue = new StepQueue()
  private finished = false
  /** Last tracking sequence used on each local day. */
  readonly dayCounters = new Map<string, number>()
  events = 0

  /** Hash of the last event generated: the head of the chain, covering every event before it. */
  get head(): string {
    return this.prevHash
  }

  constructor(private readonly o: SeedOptions) {
    this.rng = mulberry32(o.seed ?? 20261123)
    this.count = o.count
    this.chunkSize = o.chunkSize ?? 500
    this.until = (o.until ?? new Date()).getTime()
    this.span = (o.spanDays ?? 3 * 365) * DAY_MS
    this.start = this.until - this.span
    this.zone = o.timeZone ?? DEFAULT_ZONE
  }

  /** The station's day of an instant, as it counts days. */
  private dayOf(t: number): string {
    return dayInZone(t, this.zone)
  }

  /** The next chunk of rows, or null when all cases and their steps are out. */
  nextChunk(): SeedChunk | null {
    if (this.finished) return null
    const chunk: SeedChunk = { done: 0, cases: [], events: [], pauses: [] }
    const end = Math.min(this.count, this.next + this.chunkSize)
    for (; this.next < end; this.next++) {
      // Stratified times: case i falls in the i-th slice of the period, so they come in order.
      const t = this.start + Math.floor(((this.next + this.rng()) * this.span) / this.count)
      this.flushSteps(chunk, t)
      this.makeCase(chunk, t)
    }
    if (this.next >= this.count) {
      this.flushSteps(chunk, Infinity)
      this.finished = true
    }
    chunk.done = this.next
    return chunk
  }

  private flushSteps(chunk: SeedChunk, before: number): void {
    for (let p = this.queue.peek(); p && p.t <= before; p = this.queue.peek()) {
      this.queue.pop()
      const step = p.steps[p.next] as Step
      for (const e of step.events) this.emit(chunk, step.t, p.caseId, e.type, e.payload, step.actor)
      p.next++
      const following = p.steps[p.next]
      if (following) {
        p.t = following.t
        p.order = this.order++
        this.queue.push(p)
      }
    }
  }

  private emit(
    chunk: SeedChunk,
    at: number,
    caseId: string,
    type: EventType,
    payload: object,
    actor: string,
  ): void {
    const hlc = tick(this.lastHlc, at)
    this.lastHlc = hlc
    this.seq++
    const base = {
      id: uuidv7(this.rng, at),
      stationId: this.o.stationId,
      seq: this.seq,
      caseId,
      type,
      payload: payload as CaseReceivedPayload,
      actor,
      hlc: formatHlc(hlc, this.o.stationId),
      prevHash: this.prevHash,
    }
    // hashEvent serialises the payload again; splice the one serialisation into
    // the hash input instead, and check against hashEvent once per chunk.
    const payloadJson = canonicalJson(payload)
    const frame = canonicalJson(eventHashInput({ ...base, payload: PAYLOAD_MARK as never }))
    const hash = createHash('sha256')
      .update(frame.replace(PAYLOAD_MARK_JSON, () => payloadJson))
      .digest('hex')
    if (chunk.events.length === 0 && hash !== hashEvent(base)) {
      throw new Error('seed: event hash differs from hashEvent; eventHashInput has changed')
    }
    chunk.events.push([
      base.id,
      base.stationId,
      base.seq,
      caseId,
      type,
      payloadJson,
      actor,
      base.hlc,
      base.prevHash,
      hash,
    ])
    this.prevHash = hash
    this.events++
  }

  private makeCase(chunk: SeedChunk, t: number): void {
    const r = this.rng
    const at = new Date(t)
    const day = this.dayOf(t)
    if (day !== this.day) {
      this.day = day
      this.daySeq = 0
    }
    this.daySeq++
    this.dayCounters.set(day, this.daySeq)

    const topic = pickWeighted(r, TOPIC_WEIGHTS)
    const kind = pickWeighted(r, KIND_MIX)
    const channel = pickWeighted(r, CHANNEL_MIX)
    const place = {
      desa: pick(r, VILLAGE_HEADS) + pick(r, VILLAGE_TAILS),
      kec: pick(r, DISTRICTS),
      dusun: pick(r, HAMLETS),
    }
    const text = new TextMaker(r, place, kind, topic)
    const subject = text.subject()
    const description = text.description()
    const clerk = pick(r, CLERKS)
    const anonymous = r() < 0.12
    const confidential = anonymous ? r() < 0.35 : r() < 0.05
    const maybe = (p: number, make: () => string) => (r() < p ? make() : undefined)
    const complainant: Complainant = anonymous
      ? {
          name: undefined,
          nik: undefined,
          phone: maybe(0.3, () => phone(r)),
          email: undefined,
          address: undefined,
          directlyAffected: r() < 0.5,
        }
      : {
          name: `${pick(r, FIRST_NAMES)} ${pick(r, LAST_NAMES)}`,
          nik: maybe(0.7, () => nik(r)),
          phone: maybe(0.85, () => phone(r)),
          email: maybe(0.3, () => `pelapor${between(r, 1, 99999)}@contoh.id`),
          address: maybe(
            0.8,
            () =>
              `Dusun ${pick(r, HAMLETS)} RT ${between(r, 1, 12)}/RW ${between(r, 1, 8)}, Desa ${place.desa}`,
          ),
          directlyAffected: r() < 0.6,
        }
    const agencyCode = pick(r, topic.agencies)
    const agencyName = AGENCY_NAMES[agencyCode] as string
    const reportedAgency =
      r() < 0.85
        ? agencyCode === 'PEMDES'
          ? `Pemerintah Desa ${place.desa}`
          : agencyCode === 'KECAMATAN'
            ? `Kecamatan ${place.kec}`
            : agencyName
        : null
    const payload: CaseReceivedPayload = {
      trackingNumber: encodeTrackingNumber({
        stationCode: this.o.stationCode,
        day,
        sequence: this.daySeq,
      }),
      receivedAt: at.toISOString(),
      receivedBy: clerk.name,
      channel,
      kind,
      subject,
      description,
      category: r() < 0.9 ? topic.category : null,
      location:
        r() < 0.8
          ? r() < 0.4
            ? `Dusun ${place.dusun}, Desa ${place.desa}, Kecamatan ${place.kec}`
            : `Desa ${place.desa}, Kecamatan ${place.kec}`
          : null,
      incidentDate: r() < 0.65 ? this.dayOf(t - between(r, 0, 60) * DAY_MS) : null,
      reportedParty: {
        agency: reportedAgency,
        person: r() < 0.25 ? `${pick(r, FIRST_NAMES)} ${pick(r, LAST_NAMES)}` : null,
        position: r() < 0.45 ? pick(r, topic.positions) : null,
      },
      anonymous,
      confidential,
      complainant,
      timeZone: this.zone,
    }
    const caseId = uuidv7(r, t)
    this.emit(chunk, t, caseId, 'case.received', payload, clerk.user)

    const state: Projected = {
      status: 'belum_terverifikasi',
      statusDay: null,
      conclusion: null,
      withinAuthority: null,
      supervisory: null,
      agencyCode: null,
      assignee: null,
      updatedAt: payload.receivedAt,
      pauses: [],
    }
    const steps = this.plan(t, agencyCode).filter((s) => s.t < this.until)
    for (const s of steps) for (const e of s.events) project(state, e, s.t)
    if (steps.length > 0) {
      this.queue.push({ t: (steps[0] as Step).t, order: this.order++, caseId, steps, next: 0 })
    }
    chunk.cases.push([
      caseId,
      payload.trackingNumber,
      this.o.stationId,
      state.status,
      channel,
      kind,
      payload.receivedAt,
      payload.receivedBy,
      subject,
      description,
      payload.category,
      payload.location,
      payload.incidentDate,
      payload.reportedParty.agency,
      payload.reportedParty.person,
      payload.reportedParty.position,
      anonymous ? null : canonicalJson(complainant),
      null, // blind indexes, filled in when the chunk is sealed
      null,
      anonymous ? 1 : 0,
      confidential ? 1 : 0,
      0,
      state.updatedAt,
      state.statusDay,
      state.conclusion,
      state.withinAuthority,
      state.supervisory,
      state.agencyCode,
      null,
      state.assignee,
      this.zone,
    ])
    for (const p of state.pauses) chunk.pauses.push([caseId, p.from, p.to])
  }

  /** The screening and status steps a case goes through, as a desk handles them. */
  private plan(received: number, agencyCode: string): Step[] {
    const r = this.rng
    const steps: Step[] = []
    const auditor = pick(r, AUDITORS)
    const assignee = r() < 0.7 ? auditor.name : null
    let t = received
    let status: CaseStatus = 'belum_terverifikasi'
    const later = (minDays: number, maxDays: number) => {
      t += Math.floor((minDays + r() * (maxDays - minDays)) * DAY_MS)
      return t
    }
    const move = (
      transition: Transition,
      reason: string | null = null,
      agency: string | null = null,
    ): LifecycleEvent => {
      const to = TRANSITIONS[transition].to
      const e: LifecycleEvent = {
        type: 'case.transitioned',
        payload: {
          transition,
          from: status,
          to,
          day: this.dayOf(t),
          reason,
          agencyCode: agency,
        },
      }
      status = to
      return e
    }
    const screening = (enough: boolean): LifecycleEvent => {
      const within = r() < 0.85
      return {
        type: 'case.screened',
        payload: {
          day: this.dayOf(t),
          checklist: {
            what: true,
            who: r() < 0.9,
            where: r() < 0.9,
            when: enough || r() < 0.5,
            why: r() < 0.8,
            how: enough || r() < 0.4,
          },
          withinAuthority: within,
          agencyCode: within ? agencyCode : null,
          supervisory: r() < 0.3,
          directlyExperienced: r() < 0.6,
          evidencePresent: r() < 0.55,
          relatedCaseIds: [],
          conclusion: enough ? 'cukup' : 'tidak_cukup',
          reasoning: enough
            ? `Pengaduan memuat unsur 5W+1H yang memadai dan dapat ditindaklanjuti oleh ${AGENCY_NAMES[agencyCode] ?? 'instansi terkait'}.`
            : 'Pengaduan belum menjelaskan waktu kejadian dan pihak yang terlibat; pelapor diminta melengkapi keterangan.',
          assignee,
        },
      }
    }
    const step = (events: LifecycleEvent[]) => steps.push({ t, actor: auditor.user, events })
    const screenEnough = () => {
      later(1, 7)
      step([screening(true)])
      steps[steps.length - 1]?.events.push(move('screen'))
    }
    const followUp = () => {
      later(3, 20)
      step([move('startFollowUp')])
      if (r() < 0.85) {
        later(7, 45)
        step([move('complete')])
      }
    }

    const path = r()
    if (path < 0.06) return steps // still waiting for screening
    if (path < 0.8) {
      screenEnough()
      const then = r()
      if (then < 0.7) followUp()
      else if (then < 0.88) {
        later(1, 10)
        step([move('forward', null, pick(r, FORWARD_TO))])
        if (r() < 0.55) {
          later(14, 60)
          step([move('complete')])
        }
      } else if (then < 0.95) {
        later(2, 14)
        step([move('archive', 'Substansi pengaduan terlalu umum dan tidak dapat ditindaklanjuti.')])
      }
      return steps
    }
    later(1, 7)
    step([
      screening(false),
      move('requestCompletion', 'Pelapor diminta melengkapi kronologi dan bukti pendukung.'),
    ])
    const then = r()
    if (then < 0.5) {
      later(3, 14)
      step([move('receiveCompletion')])
      screenEnough()
      followUp()
    } else if (then < 0.9) {
      later(14, 30)
      step([move('archive', 'Pelapor tidak melengkapi berkas dalam batas waktu.')])
    }
    return steps
  }
}

/** A realistic intake form as a clerk submits it (for the save benchmark). */
export function sampleIntake(rng: Rng, today: Date = new Date()): IntakeInput {
  const topic = pickWeighted(rng, TOPIC_WEIGHTS)
  const place = {
    desa: pick(rng, VILLAGE_HEADS) + pick(rng, VILLAGE_TAILS),
    kec: pick(rng, DISTRICTS),
    dusun: pick(rng, HAMLETS),
  }
  const text = new TextMaker(rng, place, 'pengaduan', topic)
  return {
    channel: pickWeighted(rng, CHANNEL_MIX),
    kind: 'pengaduan',
    receivedBy: pick(rng, CLERKS).name,
    complainant: {
      name: `${pick(rng, FIRST_NAMES)} ${pick(rng, LAST_NAMES)}`,
      nik: '3171011501900001',
      phone: '0812-3456-7890',
      email: 'budi@contoh.id',
      address: `Dusun ${place.dusun} RT 003/RW 002, Desa ${place.desa}`,
      directlyAffected: true,
    },
    anonymous: false,
    confidential: false,
    reportedParty: {
      agency: AGENCY_NAMES[pick(rng, topic.agencies)] ?? 'Pemerintah Desa',
      person: 'Kepala Seksi',
      position: pick(rng, topic.positions),
    },
    location: `Desa ${place.desa}, Kecamatan ${place.kec}`,
    incidentDate: dayInZone(today.getTime() - between(rng, 1, 30) * DAY_MS, DEFAULT_ZONE),
    subject: text.subject(),
    description: text.description(),
    category: topic.category,
    attachments: [],
  }
}

// ---------------------------------------------------------------------------
// Loading

interface RawStatement {
  run(params: SqlValue[], cb: (err: Error | null) => void): unknown
  finalize(cb: (err: Error | null) => void): unknown
}
interface RawConnection {
  exec(sql: string, cb: (err: Error | null) => void): unknown
  all(sql: string, params: SqlValue[], cb: (err: Error | null, rows: unknown[]) => void): unknown
  prepare(sql: string, params: SqlValue[], cb: (err: Error | null) => void): RawStatement
}
interface PoolClient {
  acquireConnection(): Promise<RawConnection>
  releaseConnection(conn: RawConnection): Promise<unknown>
}

function exec(conn: RawConnection, sql: string): Promise<void> {
  return new Promise((resolve, reject) => conn.exec(sql, (err) => (err ? reject(err) : resolve())))
}

function all<T>(conn: RawConnection, sql: string, params: SqlValue[] = []): Promise<T[]> {
  return new Promise((resolve, reject) =>
    conn.all(sql, params, (err, rows) => (err ? reject(err) : resolve(rows as T[]))),
  )
}

/**
 * Inserts a chunk's rows with one statement: the rows go in as a single JSON
 * text that SQLite unpacks with json_each. Binding one string costs the main
 * thread (which generates the rows) far less than binding every value, and the
 * unpacking happens on the driver's worker thread.
 */
class JsonInsert {
  private readonly statement: RawStatement
  private error: Error | null = null

  constructor(conn: RawConnection, table: string, columns: readonly string[]) {
    const values = columns.map((_, i) => `value ->> ${i}`).join(', ')
    this.statement = conn.prepare(
      `INSERT INTO ${table} (${columns.join(', ')}) SELECT ${values} FROM json_each(?)`,
      [],
      (err) => {
        if (err) this.error = err
      },
    )
  }

  insert(rows: SqlValue[][]): Promise<void> {
    if (this.error) return Promise.reject(this.error)
    if (rows.length === 0) return Promise.resolve()
    return new Promise((resolve, reject) =>
      this.statement.run([JSON.stringify(rows)], (err) => (err ? reject(err) : resolve())),
    )
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) =>
      this.statement.finalize((err) => (err ? reject(err) : resolve())),
    )
  }
}

const col = (name: (typeof CASE_COLUMNS)[number]) => CASE_COLUMNS.indexOf(name)
const EV_ID = EVENT_COLUMNS.indexOf('id')
const EV_PAYLOAD = EVENT_COLUMNS.indexOf('payload')

/** Seals a generated chunk the way the station writes its rows (see src/core/atRest.ts). */
function sealChunk(cipher: DataCipher, chunk: SeedChunk): void {
  for (const e of chunk.events) {
    e[EV_PAYLOAD] = cipher.seal(String(e[EV_PAYLOAD]), aad.event(String(e[EV_ID])))
  }
  for (const c of chunk.cases) {
    const id = String(c[col('id')])
    const row = Object.fromEntries(CASE_COLUMNS.map((name, i) => [name, c[i]]))
    const sealed = sealCaseColumns(cipher, id, Boolean(c[col('confidential')]), row)
    CASE_COLUMNS.forEach((name, i) => (c[i] = sealed[name] as SqlValue))
  }
}

/**
 * Seeds N cases into a migrated station database that has no events yet:
 * events with their hash chain, the cases projection (with the lifecycle state
 * the events lead to), case pauses, the FTS index and the day counters for
 * tracking numbers. One transaction: it all lands or nothing does.
 */
export async function seedCases(
  db: Knex,
  options: SeedOptions,
): Promise<{ rows: number; ms: number }> {
  const started = performance.now()
  const pool = db.client as unknown as PoolClient
  const conn = await pool.acquireConnection()
  try {
    const [{ n } = { n: 0 }] = await all<{ n: number }>(conn, 'SELECT count(*) AS n FROM events')
    if (n > 0) throw new Error('seedCases needs a station without events')
    const [{ cache_size: cacheSize } = { cache_size: -2000 }] = await all<{ cache_size: number }>(
      conn,
      'PRAGMA cache_size',
    )
    // The FTS triggers as the database defines them, to set aside and put back verbatim.
    const triggers = await all<{ name: string; sql: string }>(
      conn,
      `SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'cases' AND sql LIKE '%cases_fts%'`,
    )
    await exec(conn, 'PRAGMA cache_size = -262144') // 256 MiB while loading
    const generator = new CaseGenerator(options)
    const cipher = cipherOf(db)
    const cases = new JsonInsert(conn, 'cases', CASE_COLUMNS)
    const events = new JsonInsert(conn, 'events', EVENT_COLUMNS)
    const pauses = new JsonInsert(conn, 'case_pauses', PAUSE_COLUMNS)
    let inFlight: Promise<void>[] = []
    await exec(conn, 'BEGIN IMMEDIATE')
    try {
      // Pauses are written by another statement than their cases, possibly first.
      await exec(conn, 'PRAGMA defer_foreign_keys = ON')
      for (const t of triggers) await exec(conn, `DROP TRIGGER ${t.name}`)
      for (;;) {
        // Generate the next chunk while the previous one is being written.
        const chunk = generator.nextChunk()
        const results = await Promise.allSettled(inFlight)
        const failed = results.find((x) => x.status === 'rejected')
        if (failed) throw (failed as PromiseRejectedResult).reason
        if (!chunk) break
        sealChunk(cipher, chunk)
        inFlight = [
          cases.insert(chunk.cases),
          events.insert(chunk.events),
          pauses.insert(chunk.pauses),
        ]
        if (chunk.done > 0) options.onProgress?.(chunk.done)
      }
      await Promise.all([cases.close(), events.close(), pauses.close()])
      await exec(conn, `INSERT INTO cases_fts(cases_fts) VALUES ('rebuild')`)
      for (const t of triggers) await exec(conn, t.sql)
      // The station's own tracking numbers continue after the seeded ones.
      const counters = [...generator.dayCounters]
      for (let i = 0; i < counters.length; i += 400) {
        const batch = counters.slice(i, i + 400)
        await all(
          conn,
          `INSERT INTO counters(name, value) VALUES ${batch.map(() => '(?, ?)').join(',')}
           ON CONFLICT(name) DO UPDATE SET value = max(value, excluded.value)`,
          batch.flatMap(([day, value]) => [`tracking:${day}`, value]),
        )
      }
      await exec(conn, 'COMMIT')
    } catch (err) {
      await Promise.allSettled(inFlight)
      await exec(conn, 'ROLLBACK').catch(() => {})
      throw err
    } finally {
      await exec(conn, `PRAGMA cache_size = ${Number(cacheSize)}`)
    }
    await exec(conn, 'PRAGMA wal_checkpoint(TRUNCATE)')
  } finally {
    await pool.releaseConnection(conn)
  }
  return { rows: options.count, ms: performance.now() - started }
}
